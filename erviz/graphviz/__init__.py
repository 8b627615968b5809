"""Graphviz, kept out of the host's process.

Laying out and drawing a picture loads libgvc and its plugins (Pango, Cairo,
fontconfig). A host that loads its own copy of one of them (GObject
introspection's Pango, say) crashes inside Graphviz, so erviz never loads
them in the web process or the management command: :mod:`.client` hands DOT
text to a warm worker interpreter (:mod:`.worker`, a subprocess, never a
fork, which would keep the host's libraries) and waits for it within a time
budget. A worker that crashes or overruns is killed and costs one picture;
the next picture starts a new one.

Nothing here imports Django or the rest of erviz: the worker is a plain
interpreter that knows DOT, pygraphviz and the label placer.
"""
