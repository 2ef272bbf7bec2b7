# Signature vectors for matrixport-rs, computed with the venue document's own Python demo
# (004_e6f4d5c60347ce52.txt, "Python Demo (Signature and Request)"), run with `python3 sign_vectors.py`.
#
# `sign` below is the document's function, copied as it is (only the secret is a test value).
# The document's demo only ever signs strings and integers. For booleans and nested values the
# project decision (shared/VENUES.md) is: booleans as `true`/`false`, nested values as compact
# JSON, which is what the JSON body carries. `as_sent` converts such values to that text before
# they reach the document's `sign`; strings and integers pass through untouched, so for them this
# is exactly the document's recipe.
import hmac
import json
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
    if isinstance(v, (list, dict)):
        return json.dumps(v, separators=(",", ":"), sort_keys=True)
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
    # 4. POST with a nested list of objects (Set Lending Account).
    show("post_nested", {"order_id": "7094504820274515968", "timestamp": now,
                         "lending_accounts": [{"account_id": "888_binance_1", "amount": "100.1"},
                                              {"account_id": "888_okex_2", "amount": "50"}]},
         "/credit/agency/v1/order/leading_account")
