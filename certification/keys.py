"""The issuer's Ed25519 keys: where they live, their ids, and the published key set (JWKS).

Keys live outside the database so that a copied database signs nothing: either in the
environment (CERTIFICATION_SIGNING_KEYS: one or more PEM blocks, oldest first) or as PEM files in
CERTIFICATION_KEY_DIR, named by creation time (`flask certification keygen`). Every app server
reads the same keys, so any of them signs and verifies alike. The newest private key signs;
all keys stay published so that credentials signed before a rotation still verify. A retired
key may be kept as a public-key PEM only.

A key's id (kid) is its RFC 7638 JWK thumbprint: the same key gets the same id everywhere.
"""

import base64
import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

_PEM_BLOCK = re.compile(r"-----BEGIN [A-Z ]+-----.+?-----END [A-Z ]+-----", re.DOTALL)


class NoSigningKey(RuntimeError):
    """No private key is configured: credentials cannot be signed."""


@dataclass(frozen=True)
class IssuerKey:
    kid: str
    public: Ed25519PublicKey
    private: Ed25519PrivateKey | None  # None: a retired key, published for verification only


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def public_jwk(public: Ed25519PublicKey) -> dict:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw)}


def thumbprint(public: Ed25519PublicKey) -> str:
    """RFC 7638: SHA-256 over the required members in lexical order, no whitespace."""
    canonical = json.dumps(public_jwk(public), sort_keys=True, separators=(",", ":"))
    return _b64url(hashlib.sha256(canonical.encode("utf-8")).digest())


def _from_pem(pem: str) -> IssuerKey:
    data = pem.encode("ascii")
    if "PRIVATE KEY" in pem:
        private = serialization.load_pem_private_key(data, password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError("certification keys must be Ed25519")
        public = private.public_key()
    else:
        private, public = None, serialization.load_pem_public_key(data)
        if not isinstance(public, Ed25519PublicKey):
            raise ValueError("certification keys must be Ed25519")
    return IssuerKey(kid=thumbprint(public), public=public, private=private)


def load_keys(config) -> list[IssuerKey]:
    """All issuer keys, oldest first (the environment wins over the key folder)."""
    blocks = _PEM_BLOCK.findall(config.get("CERTIFICATION_SIGNING_KEYS") or "")
    if not blocks:
        folder = Path(config["CERTIFICATION_KEY_DIR"])
        files = sorted(folder.glob("*.pem")) if folder.is_dir() else []
        blocks = [path.read_text(encoding="ascii") for path in files]
    return [_from_pem(block) for block in blocks]


def signing_key(config) -> IssuerKey:
    signers = [key for key in load_keys(config) if key.private is not None]
    if not signers:
        raise NoSigningKey(
            "no certification signing key: run `flask --app app certification keygen`"
        )
    return signers[-1]


def jwks(config) -> dict:
    """The published key set: every key, with its kid, for EdDSA signatures."""
    return {
        "keys": [
            {**public_jwk(key.public), "kid": key.kid, "use": "sig", "alg": "EdDSA"}
            for key in load_keys(config)
        ]
    }


def generate(folder: Path, now: datetime) -> Path:
    """Write a new private key (PKCS#8 PEM, readable by the owner only) into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"ed25519-{now:%Y%m%dT%H%M%S}.pem"
    if path.exists():
        raise FileExistsError(path)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return path
