# Signature vectors for lists of objects and for `signature` in a GET query, computed with
# python3 from the venue's own published recipes:
#
# - the Prime Broker document's Python demo (004_e6f4d5c60347ce52.txt, "Python Demo (Signature
#   and Request)"): `api_path&k=v&...` over the parameters sorted by key, HMAC-SHA256, upper-case
#   hex; the demo puts `signature` among the parameters it sends;
# - Matrixport's recipe for its sibling APIs (GitHub mtxpt/dcp-api, dcp_vendor_api.md and
#   structured_api.md, "Signature algorithm"): a list of objects is written
#   `[k=v&k=v&k=v&k=v]`: each object as its `k=v` pairs sorted and joined with `&`, the objects in
#   list order joined with `&`, in brackets; a nested object as its sorted pairs; booleans lower
#   case. `signature` goes into the query of a GET (`&signature=...`) and the body of a POST.
#
# The functions below restate those rules (they are written here, not copied). For parameters
# without lists the two recipes write the same string to sign, which the script asserts.
#
#   python3 crates/matrixport-rs/tests/vectors/family_vectors.py
import hashlib
import hmac

SECRET = "mp-test-secret-key-0001"
NOW = 1695634589886


def text(value):
    """One value as the family recipe writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return pairs(value)
    if isinstance(value, list):
        return "[" + "&".join(pairs(item) for item in value) + "]"
    return str(value)


def pairs(obj):
    return "&".join(sorted("{}={}".format(k, text(v)) for k, v in obj.items()))


def family_to_sign(api_path, params):
    return api_path + "&" + pairs(params)


def demo_to_sign(api_path, params):
    # The Prime Broker demo: sorted by key, values formatted as they are.
    return "&".join([api_path] + ["{}={}".format(k, v) for k, v in sorted(params.items())])


def mac(text_to_sign):
    return hmac.new(SECRET.encode("utf-8"), text_to_sign.encode("utf-8"), hashlib.sha256).hexdigest().upper()


def show(name, api_path, params, flat=True):
    to_sign = family_to_sign(api_path, params)
    if flat:
        assert to_sign == demo_to_sign(api_path, params), name
    print(name)
    print("  to_sign  :", to_sign)
    print("  signature:", mac(to_sign))


if __name__ == "__main__":
    # 1. Set Lending Account: a list of two objects.
    show("post_lending_accounts", "/credit/agency/v1/order/leading_account",
         {"order_id": "7094504820274515968", "timestamp": NOW,
          "lending_accounts": [{"account_id": "888_binance_1", "amount": "100.1"},
                               {"account_id": "888_okex_2", "amount": "50"}]}, flat=False)
    # 2. The same with a request_id (the SDK's request body).
    show("post_lending_accounts_keyed", "/credit/agency/v1/order/leading_account",
         {"order_id": "7094504820274515968", "request_id": "lend_0001", "timestamp": NOW,
          "lending_accounts": [{"amount": "5", "account_id": "a"}, {"account_id": "b", "amount": "1"}]},
         flat=False)
    # 3. A GET whose query carries the signature too (Transfer Record): signed without it.
    show("get_transfer_record", "/credit/agency/v1/allocate", {"serial_no": "1695634589886", "timestamp": NOW})
