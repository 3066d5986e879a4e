"""A fake LMS for the LTI tests: its own RSA keys, its own endpoints, no network.

`FakePlatform` signs what a real platform would sign (launch id_tokens,
deep-linking requests) with a private key only it holds, publishes the public
half at its key-set URL, and answers the HTTP requests our code makes to it
(key set, access token, scores, rosters) in-process. `install` routes every
outgoing `requests` call: to the platform's handlers when the URL is the
platform's, and to an error otherwise, so a test can never reach the network.

It also plays the browser's side of a launch through Django's test client:
`register` registers it with us as an admin would, `login` runs our OIDC
login initiation, and `launch` goes from there to the posted id_token.
"""

import json
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from django.urls import reverse
from jwcrypto import jwk

ISSUER = "https://lms.example.edu"
ORIGIN = ISSUER  # where the platform's pages are, which frame ours
TARGET_HOST = "http://testserver"  # the test client's scheme and host: ours
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
LEARNER = MEMBERSHIP + "Learner"
INSTRUCTOR = MEMBERSHIP + "Instructor"
LTI = "https://purl.imsglobal.org/spec/lti/claim/"


def rsa_key():
    """A new 2048-bit RSA key pair, as a jwcrypto JWK."""
    return jwk.JWK.generate(kty="RSA", size=2048)


@dataclass
class Exchange:
    """One HTTP request our code sent to the platform, and what it got back."""

    method: str
    url: str
    headers: dict
    body: bytes
    status: int
    timeout: object = None  # what our code gave `requests` as its timeout


@dataclass
class FakePlatform:
    """An LMS with one client registration of our tool.

    `handlers` maps (method, path) to a function of the prepared request that
    returns (status, headers, body); tests add or replace entries to make the
    platform answer differently (a failing score endpoint, say). Every request
    it receives is kept in `exchanges`, in order.
    """

    issuer: str = ISSUER
    client_id: str = "soft-landing-tool"
    deployment_id: str = "deployment-1"
    key: jwk.JWK = field(default_factory=rsa_key)
    kid: str = "platform-key-1"
    handlers: dict = field(default_factory=dict)
    exchanges: list = field(default_factory=list)

    def __post_init__(self):
        self.handlers.setdefault(("GET", "/jwks"), lambda request: (200, {}, self.jwks()))

    # The platform's addresses, as a registration stores them.
    @property
    def auth_url(self):
        return f"{self.issuer}/auth"

    @property
    def token_url(self):
        return f"{self.issuer}/token"

    @property
    def keyset_url(self):
        return f"{self.issuer}/jwks"

    def jwks(self):
        """The platform's public key set, as served at `keyset_url`."""
        public = json.loads(self.key.export_public())
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def sign(self, claims, *, key=None, kid=None, headers=None):
        """`claims` as a compact RS256 JWT, signed with the platform's key
        (or `key`, to forge one), with `kid` in its header."""
        pem = (key or self.key).export_to_pem(private_key=True, password=None)
        return jwt.encode(
            claims, pem, algorithm="RS256", headers={"kid": kid or self.kid, **(headers or {})}
        )

    def base_claims(self, *, nonce, now=None, lifetime=300):
        """The claims every message of this platform carries, valid from now."""
        now = int(now if now is not None else time.time())
        return {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + lifetime,
            "nonce": nonce,
            "https://purl.imsglobal.org/spec/lti/claim/deployment_id": self.deployment_id,
            "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
        }

    def answer(self, request, timeout=None):
        """Answer one outgoing request in-process, as the platform would."""
        url = requests.utils.urlparse(request.url)
        handler = self.handlers.get((request.method, url.path))
        status, headers, body = handler(request) if handler else (404, {}, {"error": "unknown"})
        self.exchanges.append(
            Exchange(
                request.method, request.url, dict(request.headers), request.body, status, timeout
            )
        )
        response = requests.Response()
        response.status_code = status
        response.url = request.url
        response.request = request
        response.headers.update({"Content-Type": "application/json", **headers})
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        response._content = payload
        return response

    def install(self, monkeypatch):
        """Route every `requests` call of the test to this platform, or fail it."""

        def send(adapter, request, **kwargs):
            if request.url.startswith(self.issuer + "/"):
                return self.answer(request, timeout=kwargs.get("timeout"))
            raise requests.ConnectionError(f"no network in tests: {request.url}")

        monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
        return self

    def requests_to(self, path):
        """The exchanges with one of the platform's paths, e.g. "/jwks"."""
        return [exchange for exchange in self.exchanges if urlsplit(exchange.url).path == path]

    # Registered with us, as an admin does in the Wagtail admin.

    def register(self, *, frame_origins=(ORIGIN,), course=None, deployment_ids=None):
        """Our registration of this platform, its deployment active."""
        from lti_tool.models import LtiRegistration

        from lti.launch.registrations import registration_save

        registration = LtiRegistration(
            name="Example LMS",
            issuer=self.issuer,
            client_id=self.client_id,
            auth_url=self.auth_url,
            token_url=self.token_url,
            keyset_url=self.keyset_url,
        )
        return registration_save(
            registration=registration,
            deployment_ids=[self.deployment_id] if deployment_ids is None else deployment_ids,
            frame_origins=frame_origins,
            course=course,
        )

    # The browser's side of a launch, through Django's test client.

    def login(self, client, registration, *, target, login_hint="hint-1", method="get", **params):
        """Start a launch at our login initiation URL, as the platform sends the
        browser there, through our cookie check; the Login says where we sent
        the browser next, and the state and nonce we asked the platform to
        sign (None when we did not send it to the platform)."""
        url = reverse("lti:login", args=[registration.uuid])
        data = {
            "iss": self.issuer,
            "login_hint": login_hint,
            "target_link_uri": target,
            "lti_message_hint": "message-hint-1",
            "client_id": self.client_id,
            **params,
        }
        return self.login_from(client, url, data, method=method)

    def login_from(self, client, url, data=None, *, method="get"):
        """The browser at our login initiation `url`, through the cookie check."""
        response = getattr(client, method)(url, data)
        path = urlsplit(url).path
        if response.status_code == 302 and urlsplit(response["Location"]).path == path:
            response = client.get(response["Location"])
        return Login.of(response, self)

    def resource_link_claims(
        self,
        *,
        nonce,
        target,
        sub="student-1",
        roles=(LEARNER,),
        context_id="course-101",
        resource_link_id="link-1",
        **extra,
    ):
        """The claims of a resource-link launch of `target` by `sub`."""
        return {
            **self.base_claims(nonce=nonce),
            "sub": sub,
            "given_name": "Sam",
            "family_name": "Student" if LEARNER in roles else "Teacher",
            "email": f"{sub}@college.example.edu",
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "target_link_uri": target,
            LTI + "roles": list(roles),
            LTI + "context": {
                "id": context_id,
                "label": "CAREER 101",
                "title": "Career Readiness, Fall 2027",
                "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
            },
            LTI + "resource_link": {"id": resource_link_id, "title": "The first 72 hours"},
            **extra,
        }

    def deep_linking_claims(self, *, nonce, target, sub="teacher-1", roles=(INSTRUCTOR,), **extra):
        """The claims of a deep-linking request by `sub`, an instructor."""
        claims = self.resource_link_claims(nonce=nonce, target=target, sub=sub, roles=roles)
        del claims[LTI + "resource_link"]
        return {
            **claims,
            LTI + "message_type": "LtiDeepLinkingRequest",
            "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": {
                "deep_link_return_url": f"{self.issuer}/deep_links/return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": True,
                "data": "platform-data-1",
            },
            **extra,
        }

    def post_launch(self, client, *, state, id_token, **headers):
        """The platform's form post of a signed launch to our launch URL."""
        return client.post(
            reverse("lti:launch"), {"id_token": id_token, "state": state}, **headers
        )

    def launch(self, client, registration, *, target, claims=None, edit=None, **sign):
        """A whole launch of `target`: login, the platform's signature, the post.

        `claims` makes the claims from the nonce (default: a learner's
        resource-link launch); `edit` changes them before signing; `sign`
        goes to `sign()` (a forged `key`, another `kid`).
        """
        login = self.login(client, registration, target=target)
        made = (claims or self.resource_link_claims)(nonce=login.nonce, target=target)
        if edit is not None:
            edit(made)
        return self.post_launch(client, state=login.state, id_token=self.sign(made, **sign))

    # Names and Role Provisioning Service

    def serve_roster(self, members, *, path="/api/courses/101/memberships"):
        """The roster of an LMS course at `path`, as NRPS answers it; returns its URL."""
        container = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"

        def roster(request):
            body = {"id": self.issuer + path, "context": {"id": "course-101"}, "members": members}
            return 200, {"Content-Type": container}, body

        self.handlers[("GET", path)] = roster
        return self.issuer + path


@dataclass
class Login:
    """What our login initiation answered the browser."""

    response: object
    state: str | None
    nonce: str | None
    query: dict  # of the platform authorization request we sent the browser to

    @classmethod
    def of(cls, response, platform):
        location = response.get("Location", "") if response.status_code == 302 else ""
        if not location.startswith(platform.auth_url):
            return cls(response, None, None, {})
        query = {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}
        return cls(response, query.get("state"), query.get("nonce"), query)


def member(sub, *, roles=(LEARNER,), status="Active", **profile):
    """One member of an NRPS roster."""
    return {"user_id": sub, "roles": list(roles), "status": status, **profile}
