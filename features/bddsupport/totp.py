"""RFC 6238 TOTP codes, computed by the suite itself from the secret the service hands out at
enrolment: the BDD scenarios play the user's authenticator app. Written with the standard library
only (hmac, hashlib, base64, struct), so the suite needs no OTP package of its own and shares no
code with the service it checks. Run this file to check it against RFC 6238's vectors."""
import base64
import hashlib
import hmac
import struct
import time


def _secret_bytes(secret_base32):
    """Base32 as apps accept it: any case, spaces ignored, '=' padding optional."""
    text = secret_base32.replace(" ", "").upper().rstrip("=")
    return base64.b32decode(text + "=" * (-len(text) % 8))


def time_step(for_time=None, step=30):
    """The RFC 6238 time step (counter) a Unix time falls in; now when for_time is None."""
    return int(time.time() if for_time is None else for_time) // step


def hotp(key, counter, digits=6):
    """RFC 4226: HMAC-SHA-1 over the 8-byte big-endian counter, dynamically truncated."""
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


def totp(secret_base32, for_time=None, step=30, digits=6):
    """The code an authenticator app shows for secret_base32 at for_time (default: now)."""
    return hotp(_secret_bytes(secret_base32), time_step(for_time, step), digits)


# RFC 6238 appendix B, SHA-1: the seed "12345678901234567890" and (time, 8-digit TOTP).
RFC6238_SECRET_BASE32 = base64.b32encode(b"12345678901234567890").decode().rstrip("=")
RFC6238_SHA1 = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]
# The vector tests/account/strategies/totp_code_test.cpp checks too, so both sides agree.
SHARED_VECTOR = ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 1111111109, "081804")


def _self_check():
    assert RFC6238_SECRET_BASE32 == SHARED_VECTOR[0], RFC6238_SECRET_BASE32
    for when, code in RFC6238_SHA1:
        got = totp(RFC6238_SECRET_BASE32, when, digits=8)
        assert got == code, (when, got, code)
        got = totp(RFC6238_SECRET_BASE32, when)  # six digits: the last six of the eight
        assert got == code[-6:], (when, got, code[-6:])
    secret, when, code = SHARED_VECTOR
    assert totp(secret, when) == code
    assert totp(secret.lower(), when) == code  # how a person might copy it
    assert totp(secret + "=" * 4, when) == code  # padded, as some tools write it
    assert totp(secret, when) != totp(secret, when + 30)
    assert totp(secret, when - when % 30) == totp(secret, when - when % 30 + 29)
    print("totp.py: %d RFC 6238 vectors and the shared vector pass" % len(RFC6238_SHA1))


if __name__ == "__main__":
    _self_check()
