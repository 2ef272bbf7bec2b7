# The venue document's own Python demo (transfer, then its record), pointed at the local venue,
# to show that a client written from the document alone works against it. Standard library only.
#
#   cargo run -p matrixport-rs --features sim --bin matrixport-local-venue > /tmp/venue.json &
#   python3 crates/matrixport-rs/tests/vectors/python_client.py /tmp/venue.json
import hmac
import json
import sys
import time
import urllib.request
from hashlib import sha256

info = json.load(open(sys.argv[1]))
host = info["base_url"]
access_key = info["credentials"]["access_key"]
secret_key = info["credentials"]["secret_key"]


def sign(data, api_path):
    s = [api_path]
    ss = ["{}={}".format(j, k) for j, k in sorted(list(data.items()))]
    s.extend(ss)
    str_to_sign = "&".join(s)
    return hmac.new(secret_key.encode("utf-8"), str_to_sign.encode("UTF-8"), digestmod=sha256).hexdigest().upper()


api_path = "/credit/agency/v1/allocate"
now = int(round(time.time() * 1000))
data = {"amount": "100", "currency": "USDT", "from_account": "606113.bal", "timestamp": now,
        "to_account": "606113_binance_1", "serial_no": str(now)}
signature = sign(data, api_path)
data["signature"] = signature
header = {"X-MatrixPort-Access-Key": access_key, "X-MatrixPort-Access-Signature": signature,
          "Content-Type": "application/json"}
req = urllib.request.Request(host + api_path, data=json.dumps(data).encode(), headers=header)
print(urllib.request.urlopen(req).read().decode())

query = {"serial_no": str(now), "timestamp": int(round(time.time() * 1000))}
signature = sign(query, api_path)
url = host + api_path + "?" + "&".join("{}={}".format(k, v) for k, v in query.items())
req = urllib.request.Request(url, headers={"X-MatrixPort-Access-Key": access_key,
                                           "X-MatrixPort-Access-Signature": signature})
print(urllib.request.urlopen(req).read().decode())
