"""Runs main.handler as nuclio would, against a running server: ISEG_URL=http://127.0.0.1:PORT/ python3 test_main.py
IMAGE_B64 (a base64 image); prints OK and exits 0 when CVAT would accept the answer."""
import json
import os
import sys
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import main  # noqa: E402


class Response:
    def __init__(self, body, headers, content_type, status_code):
        self.body, self.content_type, self.status_code = body, content_type, status_code


def call(body):
    context = types.SimpleNamespace(Response=Response, logger=types.SimpleNamespace(info=print))
    return main.handler(context, types.SimpleNamespace(body=body))


image = sys.argv[1]
context = types.SimpleNamespace(Response=Response, logger=types.SimpleNamespace(info=print))
main.init_context(context)
# CVAT's lambda manager sends exactly these keys for an interactor; nuclio hands the handler a dict.
answer = call({"image": image, "pos_points": [[12.5, 20.25]], "neg_points": [], "obj_bbox": None})
assert answer.status_code == 200, answer.body
assert answer.content_type == "application/json"
reply = json.loads(answer.body)
assert set(reply) == {"points", "mask"}, reply.keys()
assert all(len(p) == 2 for p in reply["points"]) and reply["mask"] and set(reply["mask"][0]) <= {0, 1}
refused = call(json.dumps({"image": image, "pos_points": [], "neg_points": []}).encode())
assert refused.status_code == 400 and "pos_points" in json.loads(refused.body)["error"], refused.body
print("OK", len(reply["mask"]), "x", len(reply["mask"][0]), "mask,", len(reply["points"]), "points")
