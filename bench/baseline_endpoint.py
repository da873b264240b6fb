"""The baseline of the service benchmark: rdflib-endpoint over an rdflib in-memory Dataset
holding the same quads as zangraph's store (default graph = union, as ours).

    python bench/baseline_endpoint.py DUMP.nq PORT
"""

import sys

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint

ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
app = SparqlEndpoint(graph=ds, path="/sparql", public_url=f"http://127.0.0.1:{sys.argv[2]}/sparql")
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
