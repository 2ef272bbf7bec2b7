# The CoinFLEX documentation's own signing recipe (GitHub coinflex-exchange/v2,
# source/includes/_v2_restapi.md), run against the local venue to show that a client that
# follows the documents, not this crate, works against it. `requests` is replaced by urllib
# so the script needs nothing beyond python3.
#
#   cargo run -p coinflex-rs --features sim --bin coinflex-local-venue -- --port 0   # prints base_url
#   python3 tests/vectors/doc_client.py http://127.0.0.1:<port> <api_key> <api_secret>
import base64
import datetime
import hashlib
import hmac
import json
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

rest_url = sys.argv[1]
rest_path = rest_url.split('://', 1)[1]
api_key = sys.argv[2]
api_secret = sys.argv[3]


def call(verb, method, body):
    ts = datetime.datetime.utcnow().isoformat()
    nonce = time.time_ns() // 1000
    msg_string = '{}\n{}\n{}\n{}\n{}\n{}'.format(ts, nonce, verb, rest_path, method, body)
    sig = base64.b64encode(hmac.new(api_secret.encode('utf-8'), msg_string.encode('utf-8'),
                                    hashlib.sha256).digest()).decode('utf-8')
    header = {'Content-Type': 'application/json', 'AccessKey': api_key,
              'Timestamp': ts, 'Signature': sig, 'Nonce': str(nonce)}
    if verb == 'GET':
        url = rest_url + method + ('?' + body if body else '')
        req = urllib.request.Request(url, headers=header, method='GET')
    else:
        req = urllib.request.Request(rest_url + method, data=body.encode('utf-8'),
                                     headers=header, method=verb)
    try:
        with urllib.request.urlopen(req) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


print(call('POST', '/v2/borrow',
           json.dumps({"borrowAsset": "USD", "collateralAsset": "BTC", "collateralAmount": "0.01"})))
print(call('GET', '/v2/borrowingSummary', urlencode({})))
print(call('GET', '/v2/borrow/BTC', urlencode({'limit': '10'})))
print(call('POST', '/v2/repay',
           json.dumps({"repayAsset": "USD", "regainAsset": "BTC", "regainAmount": "0.01"})))
print(call('GET', '/v2/repay/BTC', urlencode({})))
