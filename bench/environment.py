"""What every benchmark sets up first: production settings in a scratch folder."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup(workdir: Path, *, keep_database_url: bool = False) -> None:
    """Start Django with production settings (DEBUG off), its data, media and
    static files under `workdir`; SQLite there unless `keep_database_url`."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="course.settings",
        SECRET_KEY="bench-only-secret-key",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        DATA_DIR=str(workdir / "data"),
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
    )
    os.environ.pop("DEBUG", None)
    if not keep_database_url:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
