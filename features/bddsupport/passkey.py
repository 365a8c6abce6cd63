"""A software passkey authenticator for the BDD scenarios: what a browser and a platform
authenticator hand to the relying party, made by hand from the WebAuthn Level 3 formats (an ES256
key from `cryptography`, attestation "none", the JSON a browser's PublicKeyCredential.toJSON()
gives). Written for these tests; the Chromium journey uses Chromium's own virtual authenticator."""
import base64
import hashlib
import json
import os
import struct

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

# The service's default RP ID (AUTHLENS_WEBAUTHN_RP_ID) and origin at its default port.
RP_ID = "localhost"
ORIGIN = "http://localhost:8001"

FLAG_UP, FLAG_UV, FLAG_AT = 0x01, 0x04, 0x40


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def from_b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# Minimal CBOR (RFC 8949) for what an attestation object needs: maps, text, bytes, small ints.
def _head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    if n < 256:
        return bytes([major << 5 | 24, n])
    if n < 65536:
        return bytes([major << 5 | 25]) + struct.pack(">H", n)
    return bytes([major << 5 | 26]) + struct.pack(">I", n)


def cbor(value):
    if isinstance(value, bool):
        raise TypeError("no booleans needed here")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(cbor(k) + cbor(v) for k, v in value.items())
    raise TypeError("cannot encode %r" % (value,))


class Authenticator:
    """One passkey: a P-256 key, a random credential id, a signature counter."""

    def __init__(self, rp_id=RP_ID, origin=ORIGIN, counter=0):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.rp_id = rp_id
        self.origin = origin
        self.counter = counter
        self.user_handle = None  # the user.id of the options it was created with

    def _cose_key(self):
        numbers = self.key.public_key().public_numbers()
        # COSE_Key (RFC 9053): kty EC2, alg ES256, crv P-256, x, y.
        return cbor({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"),
                     -3: numbers.y.to_bytes(32, "big")})

    def _client_data(self, ceremony, challenge):
        return json.dumps({"type": ceremony, "challenge": challenge, "origin": self.origin,
                           "crossOrigin": False}, separators=(",", ":")).encode("utf-8")

    def _auth_data(self, flags, attested=False):
        data = hashlib.sha256(self.rp_id.encode("ascii")).digest()
        data += bytes([flags | (FLAG_AT if attested else 0)]) + struct.pack(">I", self.counter)
        if attested:
            data += bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id
            data += self._cose_key()
        return data

    def create(self, options, flags=FLAG_UP | FLAG_UV):
        """The RegistrationResponseJSON for PublicKeyCredentialCreationOptionsJSON `options`."""
        self.user_handle = options["user"]["id"]
        client_data = self._client_data("webauthn.create", options["challenge"])
        attestation = cbor({"fmt": "none", "attStmt": {},
                            "authData": self._auth_data(flags, attested=True)})
        return {"id": b64url(self.credential_id), "rawId": b64url(self.credential_id),
                "type": "public-key", "clientExtensionResults": {},
                "response": {"clientDataJSON": b64url(client_data),
                             "attestationObject": b64url(attestation),
                             "transports": ["internal"]}}

    def get(self, options, flags=FLAG_UP | FLAG_UV):
        """The AuthenticationResponseJSON for PublicKeyCredentialRequestOptionsJSON `options`."""
        if self.counter:
            self.counter += 1
        client_data = self._client_data("webauthn.get", options["challenge"])
        auth_data = self._auth_data(flags)
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(),
                                  ec.ECDSA(hashes.SHA256()))
        response = {"clientDataJSON": b64url(client_data), "authenticatorData": b64url(auth_data),
                    "signature": b64url(signature)}
        if self.user_handle:
            response["userHandle"] = self.user_handle
        return {"id": b64url(self.credential_id), "rawId": b64url(self.credential_id),
                "type": "public-key", "clientExtensionResults": {}, "response": response}
