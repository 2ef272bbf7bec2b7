# The document's Python recipe (v1) and the venue's Python client recipe (v3), run against the
# local venue, independently of the Rust client. Start the venue first:
#   cargo run -p alp-rs --features sim --bin alp-local-venue -- --port 0 > /tmp/alp_lv.out &
# then: python3 crates/alp-rs/tests/vectors/python_against_local_venue.py
import hmac, json, time, urllib.request, hashlib
from urllib.parse import urlencode
info = json.load(open('/tmp/alp_lv.out'))
BASE = info['base_url']; KEY = info['credentials']['api_key']; SECRET = info['credentials']['api_secret']
def get_auth_headers(data):
    msg = KEY + urlencode(sorted(data.items(), key=lambda val: val[0]))
    sign = hmac.new(SECRET.encode(), msg.encode(), digestmod='sha256').hexdigest()
    return {'X-KEY': KEY, 'X-SIGN': sign, 'X-NONCE': str(int(time.time() * 1000))}
def call(method, path, data=None, headers=None):
    body = urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(BASE + path, data=body, method=method, headers=headers or {})
    if body is not None: req.add_header('Content-Type', 'application/x-www-form-urlencoded')
    try:
        with urllib.request.urlopen(req) as r: return r.status, r.read().decode()
    except urllib.error.HTTPError as e: return e.code, e.read().decode()
print(call('GET', '/v1/wallets/', headers=get_auth_headers({})))
time.sleep(0.6)
order = {'type': 'buy', 'pair': 'BTC_USD', 'amount': '1.0', 'price': '870.69'}
print(call('POST', '/v1/order/', order, get_auth_headers(order)))
time.sleep(0.6)
# v3 like alpcom_api: POST auth with X-SIGN over the JSON body
body = json.dumps({'api_key': KEY, 'api_secret': SECRET}).encode()
req = urllib.request.Request(BASE + '/v3/auth', data=body, method='POST', headers={'Content-Type': 'application/json', 'X-SIGN': hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()})
token = json.loads(urllib.request.urlopen(req).read())
print('token parts', len(token.split('.')))
req = urllib.request.Request(BASE + '/v3/orders?pair=BTC_USD', headers={'Authorization': 'Bearer ' + token})
print(urllib.request.urlopen(req).read().decode()[:200])
