"""A reviewer working in LibreOffice itself (run with the system python3 that has the UNO bridge):
python3 tests/lo_reviewer.py IN.docx OUT.docx PROFILE_DIR NAME OLD NEW COMMENT_ON COMMENT
Opens IN.docx in a headless soffice, turns on 记录修订 under NAME, replaces OLD by NEW (a tracked change), adds a
批注 by NAME on COMMENT_ON, accepts nothing, and saves OUT.docx in Word format."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(pipe: str, proc: subprocess.Popen):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit("soffice exited")
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # noqa: BLE001 — not listening yet
            time.sleep(0.2)
    raise SystemExit("soffice did not answer")


def _set_author(ctx, name: str) -> None:
    provider = ctx.ServiceManager.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments("com.sun.star.configuration.ConfigurationUpdateAccess",
                                                  (_prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    access.setPropertyValue("givenname", name)
    access.setPropertyValue("sn", "")
    access.commitChanges()


def main(src, out, profile, name, old, new, comment_on, comment) -> None:
    pipe = f"nb{os.getpid()}"
    proc = subprocess.Popen(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                             "--invisible", "--norestore", f"--accept=pipe,name={pipe};urp;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ctx = _connect(pipe, proc)
        _set_author(ctx, name)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(Path(src).as_uri(), "_blank", 0, (_prop("Hidden", True),))
        doc.RecordChanges = True
        search = doc.createSearchDescriptor()
        search.SearchString = old
        found = doc.findFirst(search)
        if found is None:
            raise SystemExit(f"not found: {old}")
        found.setString(new)
        search.SearchString = comment_on
        anchor = doc.findFirst(search)
        if anchor is None:
            raise SystemExit(f"not found: {comment_on}")
        note = doc.createInstance("com.sun.star.text.textfield.Annotation")
        note.Author, note.Content = name, comment
        anchor.getText().insertTextContent(anchor, note, True)
        doc.storeToURL(Path(out).as_uri(), (_prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main(*sys.argv[1:9])
