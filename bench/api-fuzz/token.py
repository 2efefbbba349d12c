"""Signs in to a running console as a demo user and creates an API token the way the tokens
page does (its form posts to the create_token server function); prints the token."""
import json
import re
import sys
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

base, email, password, scope = sys.argv[1:5]
jar = CookieJar()
opener = urllib.request.build_opener(
    urllib.request.HTTPCookieProcessor(jar), urllib.request.HTTPRedirectHandler()
)


def post(path, fields, accept):
    data = urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(base + path, data=data, method="POST")
    req.add_header("Content-Type", "application/x-www-form-urlencoded")
    req.add_header("Origin", base)
    req.add_header("Accept", accept)
    return opener.open(req)


post("/auth/login", {"email": email, "password": password, "next": "/dashboard"}, "text/html")
page = opener.open(base + "/account/tokens").read().decode()
action = re.search(r'action="(/api/create_token[^"]*)"', page)
if not action:
    sys.exit("no token form on /account/tokens (not signed in?)")
res = post(
    action.group(1),
    {"name": "api-fuzz", "scope": scope, "expires_days": "1"},
    "application/json",
)
print(json.load(res)["token"])
