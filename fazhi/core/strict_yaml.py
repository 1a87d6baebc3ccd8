"""Reading the project's rule files (裁量基准, 评查标准) as YAML, strictly. Pure Python: no Django import.

``StrictLoader`` is PyYAML's safe loader that refuses a key written twice in one mapping (YAML would keep
the last one silently: a benchmark band or a rubric item could vanish unseen) and keeps an impossible
date (2024-02-30) as text, so that the file's checker reports it at its path instead of a parse error.
Merge keys (``<<: *anchor``) are allowed."""

from __future__ import annotations

import yaml


class StrictLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"键“{key}”重复", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
