"""Text an attacker (or an unlucky project) puts where Django takes text."""

HOSTILE = (
    "<script>alert('x')</script>",
    '"><svg onload=alert(1)>',
    "{{7*7}}{% debug %}",
    "</script><b>",
    '"]; injected [label="x',
    "%%{init: {'theme': 'forest'}}%%",
    "q\n@enduml\n!include /etc/passwd\n@startuml",
    "ctrl\x01\x0b\x1b\x7f\ufffe end",
    "rtl \u202eevil\u202c end",
    "\\N\\G \\l back",
)
LONG = "long " + "x" * 10_000
