"""DOCX → PDF conversion loop, run by LibreOffice's own Python (the one that can `import uno`).

Not imported by `procedures`: `procedures.pdf` starts this file as a script under the interpreter that
has the `uno` module (on Debian /usr/bin/python3 with python3-uno), because the tool's virtualenv usually
cannot import it. It connects to one soffice listening on a named pipe, then answers one JSON line per
request on stdout:

    stdin : {"entree": "/abs/lettre.docx", "sortie": "/abs/.lettre.tmp.pdf", "pdfa": false}
    stdout: {"ok": true}  or  {"erreur": "..."}

The first line written is {"pret": true} once connected. It is also the watchdog of its soffice: end of
stdin makes LibreOffice terminate, and if the tool that started both dies (even by SIGKILL, which runs no
clean-up), this worker kills soffice's whole process group, while still connecting as well as later.
"""

import json
import os
import signal
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

# how long LibreOffice gets to terminate on its own once its parent is gone, before it is killed
_GRACE = 3.0


def _prop(name, value):
    return PropertyValue(Name=name, Value=value)


def _orphan(parent):
    return os.getppid() != parent


def _kill_office(office_group):
    try:
        os.killpg(office_group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _connect(pipe_name, deadline, parent, office_group):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext"
    while True:
        try:
            context = resolver.resolve(url)
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:
            # soffice is still starting and has not opened its pipe yet
            if _orphan(parent):
                _kill_office(office_group)
                sys.exit(1)
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _convert(desktop, entree, sortie, pdfa):
    load_props = (
        _prop("Hidden", True),
        _prop("ReadOnly", True),
        # com.sun.star.document.MacroExecMode.NEVER_EXECUTE
        _prop("MacroExecutionMode", 0),
    )
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(entree), "_blank", 0, load_props)
    if document is None:
        raise RuntimeError("LibreOffice n'a pas pu ouvrir le document")
    try:
        filter_data = [_prop("SelectPdfVersion", 2)] if pdfa else []
        store_props = (
            _prop("FilterName", "writer_pdf_Export"),
            _prop("Overwrite", True),
            _prop("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", tuple(filter_data))),
        )
        document.storeToURL(uno.systemPathToFileUrl(sortie), store_props)
    finally:
        document.close(True)


def main():
    pipe_name, startup_timeout, office_group = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    parent = os.getppid()
    desktop = _connect(pipe_name, time.monotonic() + startup_timeout, parent, office_group)
    print(json.dumps({"pret": True}), flush=True)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            try:
                _convert(desktop, request["entree"], request["sortie"], request["pdfa"])
                answer = {"ok": True}
            except Exception as exc:
                answer = {"erreur": f"{type(exc).__name__}: {exc}"}
            print(json.dumps(answer), flush=True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            # soffice already gone: the parent kills its process group anyway
            pass
        if _orphan(parent):
            # nobody is left to reap or kill soffice: make sure it ends
            time.sleep(_GRACE)
            _kill_office(office_group)


if __name__ == "__main__":
    main()
