# Signature vectors for coinflex-rs, computed with the CoinFLEX v2 documentation's own recipe
# (GitHub coinflex-exchange/v2, source/includes/_v2_restapi.md, "Authentication" and the
# POST example of `/v2.1/delivery/orders`):
#
#   msg_string = '{}\n{}\n{}\n{}\n{}\n{}'.format(ts, nonce, VERB, rest_path, method, body)
#   sig = base64.b64encode(hmac.new(api_secret.encode('utf-8'), msg_string.encode('utf-8'),
#                                   hashlib.sha256).digest()).decode('utf-8')
#
# with `rest_path` the host (plus `:port`), `method` the path, and `body` the urlencoded query
# for GET or the JSON text sent for POST. Timestamps are fixed (the recipe's utcnow()
# replaced by constants) so the outputs are reproducible. Run: python3 coinflex_sign.py
import base64
import hashlib
import hmac
from urllib.parse import urlencode

VECTORS = [
    # (name, secret, ts, nonce, verb, rest_path, method, body)
    ("get_with_query", "s3cr3t-api-secret", "2021-07-16T11:13:01", 1626434000000, "GET",
     "v2api.coinflex.com", "/v2/borrow/BTC",
     urlencode({"limit": "10", "startTime": "1626300000000", "endTime": "1626434000000"})),
    ("post_with_json_body", "s3cr3t-api-secret", "2021-07-16T11:10:27", 1626433827000, "POST",
     "v2stgapi.coinflex.com", "/v2/borrow",
     '{"borrowAsset":"USD","collateralAsset":"BTC","collateralAmount":"0.01"}'),
    ("get_without_body_on_port", "another+secret/==", "2020-04-30T15:20:30", 123, "GET",
     "127.0.0.1:8080", "/v2/borrowingSummary", urlencode({})),
    ("post_close_live", "s3cr3t-api-secret", "2021-07-16T11:14:29", 1626434069478, "POST",
     "v2api.coinflex.com", "/v2/borrow/close",
     '{"marketCode":"BTC-USD-SWAP-LIN","price":"29633.5","quantity":"1"}'),
    # A partial close as the SDK sends it: the amount under the example's `quantity` and the
    # table's `collateralAmount`, the same text.
    ("post_partial_close_both_names", "s3cr3t-api-secret", "2021-07-16T11:14:29", 1626434069478,
     "POST", "v2api.coinflex.com", "/v2/borrow/close",
     '{"marketCode":"BTC-USD-SWAP-LIN","price":"29633.5","quantity":"0.5","collateralAmount":"0.5"}'),
]

for name, api_secret, ts, nonce, verb, rest_path, method, body in VECTORS:
    msg_string = '{}\n{}\n{}\n{}\n{}\n{}'.format(ts, nonce, verb, rest_path, method, body)
    sig = base64.b64encode(hmac.new(api_secret.encode('utf-8'), msg_string.encode('utf-8'),
                                    hashlib.sha256).digest()).decode('utf-8')
    print(name)
    print("  message:", repr(msg_string))
    print("  signature:", sig)
