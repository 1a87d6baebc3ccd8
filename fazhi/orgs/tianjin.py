"""Tianjin's administrative divisions (GB/T 2260, code 12 = 天津市) and the bureau's units.

Data, not code: ``fazhi demo`` and the ``orgs`` data migration load it.
"""

CITY = {"code": "120000", "name": "天津市"}

# (GB/T 2260 code, name, short name used in document prefixes)
DISTRICTS = [
    ("120101", "和平区", "和平"),
    ("120102", "河东区", "河东"),
    ("120103", "河西区", "河西"),
    ("120104", "南开区", "南开"),
    ("120105", "河北区", "河北"),
    ("120106", "红桥区", "红桥"),
    ("120110", "东丽区", "东丽"),
    ("120111", "西青区", "西青"),
    ("120112", "津南区", "津南"),
    ("120113", "北辰区", "北辰"),
    ("120114", "武清区", "武清"),
    ("120115", "宝坻区", "宝坻"),
    ("120116", "滨海新区", "滨海"),
    ("120117", "宁河区", "宁河"),
    ("120118", "静海区", "静海"),
    ("120119", "蓟州区", "蓟州"),
]

CITY_BUREAU = {"code": "TJ-SFJ", "name": "天津市司法局", "doc_prefix": "津司"}
