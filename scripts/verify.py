#!/usr/bin/env python3
"""Checks Panel publications without trusting Panel: Python 3.8+ standard library only, no Panel code.

  python3 scripts/verify.py BASE_URL COMPARISON_ID [VERSION ...] [--keys FILE] [--allow-unsigned]

Fetches each version's public evidence (GET /api/scorecards/{id}/versions/{n}/evidence) and the
public keys (GET /.well-known/panel-keys, or FILE: a copy you kept), recomputes every link of the
chain, the content digest of both stored copies of the release, the statement digest, and checks the
ES256 signature with its own P-256 arithmetic. Prints VALID, or one FAIL line per link, content
field, statement or signature that does not match, and exits 1. docs/verification.md is the spec.
"""
import hashlib
import json
import sys
import urllib.error
import urllib.request

# ---------------------------------------------------------------- canonical JSON (RFC 8785)


def number(value):
    """ECMAScript Number.prototype.toString, as RFC 8785 3.2.2.3 requires."""
    if isinstance(value, int):
        value = float(value) if abs(value) > 2**53 else value
        if isinstance(value, int):
            return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("NaN and infinities are not JSON")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    mantissa, _, exp = repr(abs(value)).partition("e")
    whole, _, frac = mantissa.partition(".")
    frac = "" if frac == "0" else frac
    digits = (whole + frac).lstrip("0")
    n = len(whole) + (int(exp) if exp else 0) - (len(whole + frac) - len(digits))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * -n + digits
    else:
        e = n - 1
        text = (digits if k == 1 else digits[0] + "." + digits[1:]) + "e" + ("-" if e < 0 else "+") + str(abs(e))
    return sign + text


def canonical(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, str):
        # json.dumps escapes exactly ", \, \b \f \n \r \t and other controls as lower-case \u00XX.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        # Members sorted by their names' UTF-16 code units.
        names = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(value[k]) for k in names) + "}"
    raise TypeError(f"not JSON: {value!r}")


def canonical_bytes(value):
    return canonical(value).encode("utf-8")


def sha256_hex(value):
    return hashlib.sha256(canonical_bytes(value)).hexdigest()


# ---------------------------------------------------------------- ECDSA P-256 (ES256) verification

P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
A = P - 3
B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)


def on_curve(point):
    x, y = point
    return 0 <= x < P and 0 <= y < P and (y * y - (x * x * x + A * x + B)) % P == 0


def add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2 and (y1 + y2) % P == 0:
        return None
    if p1 == p2:
        slope = (3 * x1 * x1 + A) * pow(2 * y1, -1, P) % P
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (slope * slope - x1 - x2) % P
    return x3, (slope * (x1 - x3) - y1) % P


def multiply(k, point):
    result = None
    while k:
        if k & 1:
            result = add(result, point)
        point = add(point, point)
        k >>= 1
    return result


def b64url(text):
    import base64
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def es256_verify(jwk, message, signature_b64url):
    """True when signature (r||s, 64 bytes, base64url) signs message under the JWK's P-256 key."""
    try:
        q = (int.from_bytes(b64url(jwk["x"]), "big"), int.from_bytes(b64url(jwk["y"]), "big"))
        signature = b64url(signature_b64url)
    except (KeyError, ValueError):
        return False
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256" or not on_curve(q) or len(signature) != 64:
        return False
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    if not (1 <= r < N and 1 <= s < N):
        return False
    e = int.from_bytes(hashlib.sha256(message).digest(), "big")
    w = pow(s, -1, N)
    point = add(multiply(e * w % N, G), multiply(r * w % N, q))
    return point is not None and point[0] % N == r


def thumbprint(jwk):
    """RFC 7638: the key id Panel gives its keys."""
    import base64
    members = {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"], "y": jwk["y"]}
    return base64.urlsafe_b64encode(hashlib.sha256(canonical_bytes(members)).digest()).decode().rstrip("=")


# ---------------------------------------------------------------- checking one version


def differences(path, a, b, into):
    if isinstance(a, dict) and isinstance(b, dict):
        for name in sorted(set(a) | set(b)):
            differences(f"{path}.{name}" if path else name, a.get(name), b.get(name), into)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            differences(f"{path}[{i}]", x, y, into)
    elif canonical(a) != canonical(b):
        into.append((path, a, b))


def check(evidence, keys, comparison_id, version, allow_unsigned):
    """The list of failures for one version's evidence; empty when it is valid."""
    failures = []
    statement = evidence.get("statement") or {}
    if evidence.get("scheme") != "panel-2" or statement.get("scheme") != "panel-2":
        return [f"scheme: {evidence.get('scheme')!r} is not panel-2"]
    if statement.get("comparisonId") != comparison_id.lower() or statement.get("version") != version:
        failures.append(f"statement: names {statement.get('comparisonId')} v{statement.get('version')}, "
                        f"not {comparison_id} v{version}")

    # 1. The chain: link n = sha256(JCS({previous, version, type, data})).
    previous = ""
    for position, event in enumerate(evidence["events"], start=1):
        if event["version"] != position:
            failures.append(f"link: event {position} is missing (found version {event['version']})")
            break
        link = sha256_hex({"previous": previous, "version": event["version"], "type": event["type"], "data": event["data"]})
        if link != event.get("link"):
            failures.append(f"link: event {event['version']} ({event['type']}) recomputes to {link}, "
                            f"recorded when published {event.get('link')}")
            break
        previous = link
    chain = statement.get("events", {})
    if chain.get("count") != len(evidence["events"]):
        failures.append(f"link: the statement covers {chain.get('count')} events, the evidence has {len(evidence['events'])}")
    elif not any(f.startswith("link:") for f in failures) and previous != chain.get("chain"):
        failures.append(f"link: the chain ends in {previous}, the statement names {chain.get('chain')}")

    # 2. The released content: both stored copies must hash to the digest in the statement.
    copies = [("published document", evidence.get("release")), ("ScorecardPublished event", evidence.get("eventRelease"))]
    for i, (name, release) in enumerate(copies):
        if release is None:
            failures.append(f"content: {name}: missing")
            continue
        digest = sha256_hex(release)
        if digest == statement.get("release"):
            continue
        other = copies[1 - i][1]
        found = []
        if other is not None:
            differences("", release, other, found)
        if found:
            for path, here, there in found[:20]:
                failures.append(f"content: {name}: {path} holds {canonical(here)}, the other stored copy {canonical(there)}")
        else:
            failures.append(f"content: {name}: hashes to {digest}, the statement names {statement.get('release')}")

    # 3. The statement and its digest.
    message = canonical_bytes(statement)
    if hashlib.sha256(message).hexdigest() != evidence.get("digest"):
        failures.append(f"statement: hashes to {hashlib.sha256(message).hexdigest()}, the publication names {evidence.get('digest')}")

    # 4. The signature, with a key from the key set.
    signature = evidence.get("signature")
    if signature is None:
        if not allow_unsigned:
            failures.append("signature: the publication is unsigned (published without a signing key)")
    else:
        key = next((k for k in keys.get("keys", []) if k.get("kid") == signature.get("keyId")), None)
        if signature.get("alg") != "ES256":
            failures.append(f"signature: algorithm {signature.get('alg')!r} is not ES256")
        elif key is None:
            failures.append(f"signature: no key with id {signature.get('keyId')} in the key set")
        elif thumbprint(key) != key.get("kid"):
            failures.append(f"signature: key {key.get('kid')} does not match its own thumbprint")
        elif not es256_verify(key, message, signature.get("value", "")):
            failures.append(f"signature: does not verify with key {signature.get('keyId')}")
    return failures


def fetch(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        try:
            detail = json.load(error).get("detail", "")
        except ValueError:
            detail = ""
        raise SystemExit(f"FAIL fetch: {url} answered {error.code} {detail}".rstrip())
    except urllib.error.URLError as error:
        raise SystemExit(f"FAIL fetch: {url}: {error.reason}")


def main(argv):
    allow_unsigned = "--allow-unsigned" in argv
    argv = [a for a in argv if a != "--allow-unsigned"]
    keys_file = None
    if "--keys" in argv:
        at = argv.index("--keys")
        keys_file = argv[at + 1]
        del argv[at:at + 2]
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    base, comparison_id = argv[0].rstrip("/"), argv[1]
    versions = [int(v) for v in argv[2:]]
    if not versions:
        versions = [v["version"] for v in fetch(f"{base}/api/scorecards/{comparison_id}")["versions"]]
    if keys_file:
        with open(keys_file, encoding="utf-8") as f:
            keys = json.load(f)
    else:
        keys = fetch(f"{base}/.well-known/panel-keys")

    failed = False
    for version in versions:
        evidence = fetch(f"{base}/api/scorecards/{comparison_id}/versions/{version}/evidence")
        failures = check(evidence, keys, comparison_id, version, allow_unsigned)
        for failure in failures:
            print(f"FAIL v{version} {failure}")
        if failures:
            failed = True
        else:
            signed = evidence["signature"]["keyId"] if evidence.get("signature") else "unsigned"
            print(f"ok   v{version} {len(evidence['events'])} events, digest {evidence['digest']}, key {signed}")
    print("INVALID" if failed else "VALID")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
