"""Nuclio handler for CVAT's interactor calls: forwards the body unchanged to `./iseg serve` (POST /cvat),
which answers CVAT's HRNet contract ({"image", "pos_points", "neg_points", "threshold"?} -> {"points", "mask"}).
Only the standard library, so the function image needs no build steps."""
import json
import os
import urllib.error
import urllib.request

ISEG_URL = os.environ.get("ISEG_URL", "http://172.17.0.1:8080/")
TIMEOUT_S = float(os.environ.get("ISEG_TIMEOUT", "55"))


def init_context(context):
    context.logger.info("iseg interactor: forwarding to " + ISEG_URL)


def forward(body):
    """POSTs CVAT's body to the server; returns (HTTP status, JSON text). Errors keep the server's status."""
    if isinstance(body, (bytes, bytearray)):
        data = bytes(body)
    elif isinstance(body, str):
        data = body.encode("utf-8")
    else:  # nuclio parses a JSON body into a dict
        data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(ISEG_URL.rstrip("/") + "/cvat", data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")
    except (urllib.error.URLError, OSError) as e:
        return 502, json.dumps({"error": "iseg server at " + ISEG_URL + " is unreachable: " + str(e), "status": 502})


def handler(context, event):
    status, text = forward(event.body)
    return context.Response(body=text, headers={}, content_type="application/json", status_code=status)
