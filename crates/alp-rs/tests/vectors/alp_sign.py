# Signature vectors for alp-rs, computed with python3 from the ALP.COM document's own recipe
# (v1 "get_auth_headers") and the venue's Python client (v3 body signature). Run:
#   python3 tests/vectors/alp_sign.py
import hashlib
import hmac
from urllib.parse import urlencode

KEY = 'ak_7f3c2e19b4d84a6c'
SECRET = 'sk_Z%2Fq9LmN4vX8pR1tY6wE3'

# v1: the document's function, with 'your key' / 'your keys secret' filled in.
def get_auth_headers(data, nonce):
    msg = KEY + urlencode(sorted(data.items(), key=lambda val: val[0]))
    sign = hmac.new(SECRET.encode(), msg.encode(), digestmod='sha256').hexdigest()
    return {'X-KEY': KEY, 'X-SIGN': sign, 'X-NONCE': str(nonce)}, msg

cases = [
    ('get_wallets_empty_payload', {}),
    ('create_order', {'type': 'buy', 'pair': 'BTC_USD', 'amount': '1.0', 'price': '870.69'}),
    ('cancel_order', {'order': 63568}),
    # Amounts and prices go out normalized (no trailing zeros): `1.0` is sent as `1`.
    ('create_order_normalized', {'type': 'buy', 'pair': 'BTC_USD', 'amount': '1', 'price': '870.69'}),
    ('value_with_space', {'pair': 'BTC_USD', 'note': 'a b&c', 'amount': '0.5'}),
]
for name, data in cases:
    headers, msg = get_auth_headers(data, 1700000000123)
    print(name, repr(msg), headers['X-SIGN'])

# v3: X-SIGN = hmac-sha256(secret, exact body bytes).hexdigest() (alpcom_api ALPAuthClient._make_sign)
bodies = [
    b'{"api_key":"ak_7f3c2e19b4d84a6c","api_secret":"sk_Z%2Fq9LmN4vX8pR1tY6wE3"}',
    b'{"order_ids":[1,5,8],"all":false}',
    # A limit order whose amounts were given as 870.690 and 0.10000: sent normalized.
    b'{"account_id":25,"wallet_type":"SPOT","pair":"BTC_USDT","order_side":"BID","order_type":"LIMIT","tif":"GTC","limit_price":870.69,"base_amount":0.1}',
    # A borrow of a computed 28-digit amount, normalized (its trailing zeros dropped).
    b'{"currency":"ETH","pair":"","wallet_type":"CROSS_MARGIN","type":"LOAN_MANUAL","borrow":0.3333333333333333333333333333}',
]
for body in bodies:
    print('v3', body.decode(), hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest())
