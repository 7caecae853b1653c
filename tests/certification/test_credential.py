"""The signed Open Badges 3.0 credential: verifies against the published JWKS, fails when
changed, follows key rotation, and the revocation list reports revoked credentials."""

import base64
import json
from datetime import timedelta

import jwt
import pytest

from certification import credential, keys, services
from core import clock
from core.extensions import db
from tests.certification.conftest import ISSUED


def download(client, certificate) -> str:
    response = client.get(f"/certificates/{certificate.code}/credential.jwt")
    assert response.status_code == 200, response.data[:300]
    return response.get_data(as_text=True)


def test_the_credential_verifies_against_the_published_keys(holder, login, client, signing_key):
    trainee, certificate = holder
    token = download(login(trainee), certificate)
    key_set = client.get("/.well-known/jwks.json").get_json()

    result = credential.verify(token, key_set, ISSUED)
    body = result.credential
    assert body["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert body["id"] == f"http://localhost/verify/{certificate.code}"
    assert body["issuer"]["name"] == "贷后学堂培训中心"
    assert body["credentialSubject"]["identifier"][0]["identityHash"] == "学员 · 王小明"
    assert body["credentialSubject"]["achievement"]["name"] == "贷后管理岗位认证"
    assert (body["validFrom"], body["validUntil"]) == (
        "2026-05-01T02:00:00Z",
        "2028-05-01T02:00:00Z",
    )
    assert jwt.get_unverified_header(token)["kid"] == key_set["keys"][0]["kid"]
    assert (
        not result.expired
        and credential.verify(token, key_set, ISSUED + timedelta(days=800)).expired
    )


def _flip_one_byte_of_the_payload(token: str) -> str:
    header, payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["credentialSubject"]["identifier"][0]["identityHash"] = "学员 · 王小朋"
    raw = json.dumps(data, ensure_ascii=False).encode()
    return ".".join([header, base64.urlsafe_b64encode(raw).rstrip(b"=").decode(), signature])


def test_a_changed_credential_fails_with_a_readable_reason(holder, login, client, signing_key):
    trainee, certificate = holder
    token = download(login(trainee), certificate)
    key_set = client.get("/.well-known/jwks.json").get_json()

    with pytest.raises(credential.CredentialInvalid, match="altered"):
        credential.verify(_flip_one_byte_of_the_payload(token), key_set, ISSUED)
    last = token[-2]
    with pytest.raises(credential.CredentialInvalid, match="altered"):
        credential.verify(token[:-2] + ("A" if last != "A" else "B") + token[-1], key_set, ISSUED)
    with pytest.raises(credential.CredentialInvalid, match="not a signed credential"):
        credential.verify("not a token", key_set, ISSUED)
    with pytest.raises(credential.CredentialInvalid, match="does not publish"):
        credential.verify(token, {"keys": []}, ISSUED)


def test_the_public_check_page_says_valid_or_why_not(holder, login, client, signing_key):
    trainee, certificate = holder
    token = download(login(trainee), certificate)
    good = client.post("/verify/credential", data={"credential": token}).get_data(as_text=True)
    assert 'data-testid="credential-valid"' in good
    bad = client.post(
        "/verify/credential", data={"credential": _flip_one_byte_of_the_payload(token)}
    ).get_data(as_text=True)
    assert 'data-testid="credential-invalid"' in bad and "签名不符" in bad


def test_after_rotation_old_credentials_still_verify_and_new_ones_use_the_new_key(
    holder, login, client, body_app, signing_key
):
    trainee, certificate = holder
    old_token = download(login(trainee), certificate)
    clock.set_now(ISSUED + timedelta(seconds=5))  # key files are named by their creation time
    assert body_app.test_cli_runner().invoke(args=["certification", "keygen"]).exit_code == 0
    key_set = client.get("/.well-known/jwks.json").get_json()
    new_token = download(client, certificate)

    assert len(key_set["keys"]) == 2
    assert credential.verify(old_token, key_set, ISSUED).kid == key_set["keys"][0]["kid"]
    assert credential.verify(new_token, key_set, ISSUED).kid == key_set["keys"][1]["kid"]


def test_keys_from_the_environment_sign_alike_on_every_server_and_the_last_one_signs():
    # Two throwaway keys made for this test (never used anywhere else).
    old = (
        "-----BEGIN PRIVATE KEY-----\n"
        "MC4CAQAwBQYDK2VwBCIEINqxtRcfE223v5wcef1PMyiayhQQZXVtMKQjCxA+EY9r\n"
        "-----END PRIVATE KEY-----\n"
    )
    config = {"CERTIFICATION_SIGNING_KEYS": old, "CERTIFICATION_KEY_DIR": "/nonexistent"}
    first_server, second_server = keys.jwks(dict(config)), keys.jwks(dict(config))
    assert first_server == second_server and first_server["keys"][0]["crv"] == "Ed25519"
    assert keys.signing_key(config).kid == first_server["keys"][0]["kid"]


def test_the_revocation_list_names_revoked_credentials(holder, client, make_user):
    _trainee, certificate = holder
    assert client.get("/certification/revocations.json").get_json()["revokedCredentials"] == []
    services.revoke(certificate, make_user(roles=("admin",)), "离职且培训记录有误")
    db.session.commit()
    listed = client.get("/certification/revocations.json").get_json()["revokedCredentials"]
    assert listed == [{"id": f"http://localhost/verify/{certificate.code}", "revoked": True}]
    assert "离职" not in json.dumps(listed, ensure_ascii=False)


def test_without_a_key_the_download_says_so_instead_of_failing(holder, login, signing_key_dir):
    trainee, certificate = holder
    response = login(trainee).get(f"/certificates/{certificate.code}/credential.jwt")
    assert response.status_code == 503
