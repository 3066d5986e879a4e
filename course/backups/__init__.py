"""Backing the site up to one archive, and restoring it on a fresh machine.

An archive (`softlanding-YYYYMMDD-HHMMSS.tar.gz`) holds the database in its
engine's own dump format, every file under MEDIA_ROOT, and a manifest that
says what it is and checks every byte: `archive` writes and reads the file,
`databases` dumps and restores each engine, `services` ties them together
for the `backup` and `restore` commands.
"""
