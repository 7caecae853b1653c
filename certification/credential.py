"""Each certificate as an Open Badges 3.0 credential (a W3C Verifiable Credential, data model
2.0), signed as a VC-JWT with the issuer's Ed25519 key, and the check another bank or an auditor
runs against our published key set (JWKS).

The JWT's payload is the credential itself plus the registered claims OB 3.0 asks for (iss, jti,
sub, nbf, exp); the header names the key (kid) and EdDSA. The credential is built from the
certificate row's own copies of holder, title and dates, so it never changes after issue except
for its status, which the revocation list (1EdTech Revocation List) reports.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import jwt
from jwt.algorithms import OKPAlgorithm

from certification.keys import IssuerKey
from core.domain import N_

OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


@dataclass(frozen=True)
class CredentialFacts:
    """What the credential states, taken from the certificate row and the site's URLs."""

    verify_url: str  # also the credential's id
    issuer_url: str
    achievement_url: str
    revocation_list_url: str
    issuer_name: str
    holder_name: str
    holder_ref: str  # the holder's stable, non-secret reference (employee number or user id)
    title: str
    description: str
    issued_at: datetime
    expires_at: datetime | None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def credential(facts: CredentialFacts) -> dict:
    body = {
        "@context": OB_CONTEXT,
        "id": facts.verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": facts.title,
        "issuer": {"id": facts.issuer_url, "type": ["Profile"], "name": facts.issuer_name},
        "validFrom": _iso(facts.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": facts.holder_name,
                },
                {
                    "type": "IdentityObject",
                    "identityType": "identifier",
                    "hashed": False,
                    "identityHash": facts.holder_ref,
                },
            ],
            "achievement": {
                "id": facts.achievement_url,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": facts.title,
                "description": facts.description or facts.title,
                "criteria": {"narrative": facts.description or facts.title},
            },
        },
        "credentialStatus": {
            "id": facts.revocation_list_url,
            "type": "1EdTechRevocationList",
        },
    }
    if facts.expires_at is not None:
        body["validUntil"] = _iso(facts.expires_at)
    return body


def sign(facts: CredentialFacts, key: IssuerKey) -> str:
    """The credential as a compact JWS (VC-JWT), signed with key."""
    body = credential(facts)
    claims = {
        **body,
        "iss": facts.issuer_url,
        "jti": facts.verify_url,
        "sub": facts.holder_ref,
        "nbf": int(facts.issued_at.timestamp()),
    }
    if facts.expires_at is not None:
        claims["exp"] = int(facts.expires_at.timestamp())
    return jwt.encode(claims, key.private, algorithm="EdDSA", headers={"kid": key.kid})


class CredentialInvalid(ValueError):
    """The credential fails verification: a reason a person can read (an English message id
    with parameters, translated where it is shown; str() gives the English text)."""

    def __init__(self, message_id: str, **params):
        super().__init__(message_id % params if params else message_id)
        self.message_id, self.params = message_id, params


@dataclass(frozen=True)
class Verified:
    kid: str
    credential: dict
    expired: bool


def verify(token: str, key_set: dict, now: datetime) -> Verified:
    """Check token's signature against key_set (a JWKS); raises CredentialInvalid with why."""
    token = (token or "").strip()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as error:
        raise CredentialInvalid(N_("This is not a signed credential (JWT).")) from error
    if header.get("alg") != "EdDSA":
        raise CredentialInvalid(
            N_("Unexpected signature algorithm %(alg)s."), alg=str(header.get("alg"))
        )
    jwk = next((k for k in key_set.get("keys", []) if k.get("kid") == header.get("kid")), None)
    if jwk is None:
        raise CredentialInvalid(
            N_("Signed with a key this issuer does not publish (%(kid)s)."),
            kid=str(header.get("kid")),
        )
    public = OKPAlgorithm.from_jwk(jwk)
    try:
        claims = jwt.decode(
            token,
            public,
            algorithms=["EdDSA"],
            options={"verify_exp": False, "verify_nbf": False, "verify_aud": False},
        )
    except jwt.InvalidSignatureError as error:
        raise CredentialInvalid(
            N_("The signature does not match: the credential was altered.")
        ) from error
    except jwt.InvalidTokenError as error:
        raise CredentialInvalid(N_("The credential cannot be read.")) from error
    if "OpenBadgeCredential" not in claims.get("type", []):
        raise CredentialInvalid(N_("This is not an Open Badges credential."))
    expired = "exp" in claims and now.timestamp() >= claims["exp"]
    return Verified(kid=header["kid"], credential=claims, expired=expired)
