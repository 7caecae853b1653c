"""A certificate's PDF and signed credential, built from its row and the site's public URLs."""

from flask import current_app, url_for

from certification import codes, credential, keys
from certification.models import Certificate
from certification.printing import CertificateText, certificate_pdf
from core.clock import as_utc, to_local


def public_url(endpoint: str, **values) -> str:
    """An absolute URL for people outside (QR codes, credentials): PUBLIC_BASE_URL when set,
    so every app server prints the same address whatever host a request came in on."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def verify_url(certificate: Certificate) -> str:
    return public_url("certification_public.verify", code=certificate.code)


def pdf_bytes(certificate: Certificate) -> bytes:
    expires = certificate.expires_at
    return certificate_pdf(
        CertificateText(
            holder_name=certificate.holder_name,
            title=certificate.title,
            issuer_name=certificate.issuer_name,
            code=codes.printed(certificate.code),
            issued_on=to_local(certificate.issued_at),
            expires_on=to_local(expires) if expires else None,
            verify_url=verify_url(certificate),
        )
    )


def facts(certificate: Certificate) -> credential.CredentialFacts:
    holder = certificate.holder
    return credential.CredentialFacts(
        verify_url=verify_url(certificate),
        issuer_url=public_url("certification_public.issuer"),
        achievement_url=public_url("certification_public.achievement", slug=certificate.path.slug),
        revocation_list_url=public_url("certification_public.revocations"),
        issuer_name=certificate.issuer_name,
        holder_name=certificate.holder_name,
        holder_ref=holder.employee_number or f"user-{holder.id}",
        title=certificate.title,
        description=certificate.path_version.description,
        issued_at=as_utc(certificate.issued_at),
        expires_at=as_utc(certificate.expires_at) if certificate.expires_at else None,
    )


def signed_credential(certificate: Certificate) -> str:
    return credential.sign(facts(certificate), keys.signing_key(current_app.config))
