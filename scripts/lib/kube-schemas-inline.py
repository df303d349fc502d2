"""Makes the Kubernetes JSON schemas of PyPI's kubernetes-validate usable by kubeconform offline.

They share one _definitions.json through "$ref"s that kubeconform (Draft 4, no network) cannot
follow; this writes each resource's schema with every reference replaced by its definition.
A type that contains itself (JSONSchemaProps) becomes {} at the point it recurs.

    python3 kube-schemas-inline.py SRC_DIR DST_DIR
"""
import json
import os
import sys


def main(src: str, dst: str) -> None:
    with open(os.path.join(src, "_definitions.json")) as f:
        definitions = json.load(f)["$defs"]

    def resolve(node, seen):
        if isinstance(node, list):
            return [resolve(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and "#/$defs/" in ref:
            name = ref.rsplit("#/$defs/", 1)[1]
            if name in seen:
                return {}
            resolved = resolve(definitions[name], seen | {name})
            rest = {k: resolve(v, seen) for k, v in node.items() if k != "$ref"}
            return {**resolved, **rest}
        return {k: resolve(v, seen) for k, v in node.items()}

    os.makedirs(dst, exist_ok=True)
    count = 0
    for name in sorted(os.listdir(src)):
        if not name.endswith(".json") or name.startswith("_") or name == "all.json":
            continue
        with open(os.path.join(src, name)) as f:
            schema = resolve(json.load(f), frozenset())
        with open(os.path.join(dst, name), "w") as f:
            json.dump(schema, f)
        count += 1
    print(f"{count} schemas written to {dst}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: kube-schemas-inline.py SRC_DIR DST_DIR")
    main(sys.argv[1], sys.argv[2])
