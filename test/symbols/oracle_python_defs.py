# Oracle for test/symbols/oraclePython.test.ts: every def/class of the Python files named on
# stdin (one path a line), as Python's own ast module reports them. Prints
# {"path": [[name, lineno, end_lineno, kind], ...]} as JSON; files Python cannot parse are left out.
import ast
import json
import sys
import warnings

warnings.simplefilter("ignore")  # invalid escape sequences in old test files
KINDS = {ast.FunctionDef: "function", ast.AsyncFunctionDef: "function", ast.ClassDef: "class"}
out = {}
for path in sys.stdin.read().splitlines():
    try:
        with open(path, "rb") as f:
            tree = ast.parse(f.read(), path)
    except (SyntaxError, ValueError, UnicodeDecodeError):
        continue
    out[path] = [[n.name, n.lineno, n.end_lineno, KINDS[type(n)]] for n in ast.walk(tree) if type(n) in KINDS]
json.dump(out, sys.stdout)
