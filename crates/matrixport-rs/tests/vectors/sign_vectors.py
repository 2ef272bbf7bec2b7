# Signature vectors for matrixport-rs, computed with the venue document's own Python demo
# (004_e6f4d5c60347ce52.txt, "Python Demo (Signature and Request)"), run with `python3 sign_vectors.py`.
#
# `sign` below is the document's function, copied as it is (only the secret is a test value).
# The document's demo only ever signs strings and integers. For booleans the project decision
# (shared/VENUES.md) is `true`/`false`; `as_sent` converts them before they reach the document's
# `sign`; strings and integers pass through untouched, so for them this is exactly the
# document's recipe. Lists of objects follow Matrixport's published recipe for its sibling APIs
# instead: their vectors come from `family_vectors.py`.
import hmac
from hashlib import sha256

access_key = "mp-test-access-key-0001"
secret_key = "mp-test-secret-key-0001"


def sign(data, api_path):
    s = [api_path]
    ss = ["{}={}".format(j, k) for j, k in sorted(list(data.items()))]
    s.extend(ss)
    str_to_sign = "&".join(s)
    signature = (
        hmac.new(
            secret_key.encode("utf-8"), str_to_sign.encode("UTF-8"), digestmod=sha256
        )
        .hexdigest()
        .upper()
    )
    return signature


def as_sent(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def show(name, data, api_path):
    data = {k: as_sent(v) for k, v in data.items()}
    s = [api_path] + ["{}={}".format(j, k) for j, k in sorted(list(data.items()))]
    print(name)
    print("  to_sign  :", "&".join(s))
    print("  signature:", sign(data, api_path))


if __name__ == "__main__":
    now = 1695634589886
    # 1. GET with a query (Available Chains).
    show("get_query", {"currency": "BTC", "from_account": "888.bal", "to_account": "888_binance_1", "timestamp": now},
         "/credit/agency/v1/available_chains")
    # 2. POST with a body: the document's own transfer example at a fixed time.
    show("post_body", {"amount": "1", "currency": "BTC", "from_account": "9547_huobi_1", "timestamp": now,
                       "to_account": "9547_okex_1", "serial_no": str(now)}, "/credit/agency/v1/allocate")
    # 3. POST with a boolean and integers (instant transfer between two CEX accounts).
    show("post_bool", {"amount": "0.5", "currency": "USDT", "from_account": "888_binance_1", "from_wallet_type": 0,
                       "is_instant_transfer": True, "serial_no": "transfer_0001", "timestamp": now,
                       "to_account": "888_okex_2", "to_wallet_type": 1}, "/credit/agency/v1/allocate")
    # 4. Lists of objects (Set Lending Account): see family_vectors.py.
