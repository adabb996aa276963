/* The page's only script (served by the app; the CSP allows nothing else).
   Without it the form still works: it posts and the answer is the page with the result.
   With it: drag and drop, a list of the chosen files, upload progress, the result set
   in place without leaving the page, and downloads as blob: URLs. */
(function () {
  "use strict";
  var form = document.getElementById("ec-form");
  var result = document.getElementById("ec-result");
  var blobs = [];

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function upgradeDownloads(root) {
    // data: URLs carry the files in the page; a blob: URL saves them however large they are.
    each(root.querySelectorAll("a[data-ec-download]"), function (a) {
      var href = a.getAttribute("href") || "";
      var comma = href.indexOf(",");
      if (href.lastIndexOf("data:", 0) !== 0 || comma < 0 || href.slice(comma - 7, comma) !== ";base64") { return; }
      var binary = atob(href.slice(comma + 1));
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
      var url = URL.createObjectURL(new Blob([bytes], { type: href.slice(5, comma - 7) }));
      blobs.push(url);
      a.setAttribute("href", url);
    });
  }
  upgradeDownloads(document);
  if (!form || !result) { return; }

  var input = form.querySelector('input[type="file"]');
  var drop = form.querySelector("[data-ec-drop]");
  var chosen = document.getElementById("ec-chosen");
  var statusText = document.getElementById("ec-status-text");
  var progress = document.getElementById("ec-progress");
  var button = form.querySelector('button[type="submit"]');
  var working = form.getAttribute("data-ec-working") || "Checking. This can take a minute.";
  each(document.querySelectorAll(".ec-js-only"), function (el) { el.hidden = false; });

  function say(text, percent) {
    statusText.textContent = text;
    if (percent === undefined) { progress.hidden = true; return; }
    progress.hidden = false;
    if (percent === null) { progress.removeAttribute("value"); } else { progress.value = percent; }
  }

  function sizeText(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(n / 1024)) + " KB";
  }

  function setFiles(files) {
    var transfer = new DataTransfer();
    files.forEach(function (file) { transfer.items.add(file); });
    input.files = transfer.files;
    showChosen();
  }

  function showChosen() {
    var files = Array.prototype.slice.call(input.files);
    chosen.textContent = "";
    chosen.hidden = files.length === 0;
    files.forEach(function (file, index) {
      var item = document.createElement("li");
      var name = document.createElement("span");
      name.className = "ec-file-name";
      name.textContent = file.name;
      var size = document.createElement("span");
      size.className = "ec-file-size";
      size.textContent = sizeText(file.size);
      item.appendChild(name);
      item.appendChild(size);
      if (input.multiple) {
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "ec-remove";
        remove.textContent = "Remove";
        remove.setAttribute("aria-label", "Remove " + file.name);
        remove.addEventListener("click", function () {
          setFiles(files.filter(function (_, other) { return other !== index; }));
          say(file.name + " removed.");
          input.focus();
        });
        item.appendChild(remove);
      }
      chosen.appendChild(item);
    });
  }
  input.addEventListener("change", showChosen);

  // A file dropped anywhere else must not make the browser leave the page to open it.
  ["dragover", "drop"].forEach(function (type) {
    window.addEventListener(type, function (event) { event.preventDefault(); });
  });
  if (drop) {
    ["dragenter", "dragover"].forEach(function (type) {
      drop.addEventListener(type, function () { drop.classList.add("ec-dragging"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      drop.addEventListener(type, function () { drop.classList.remove("ec-dragging"); });
    });
    drop.addEventListener("drop", function (event) {
      var dropped = event.dataTransfer ? Array.prototype.slice.call(event.dataTransfer.files) : [];
      if (!dropped.length) { return; }
      var files = input.multiple ? Array.prototype.slice.call(input.files).concat(dropped) : dropped.slice(0, 1);
      setFiles(files);
      say(files.length === 1 ? "1 file chosen." : files.length + " files chosen.");
    });
  }

  function busy(on) {
    button.disabled = on;
    form.setAttribute("aria-busy", on ? "true" : "false");
    result.setAttribute("aria-busy", on ? "true" : "false");
  }

  function runScripts(root) {
    // Scripts parsed by DOMParser never run; the grid's sorting script is allowed by its hash.
    each(root.querySelectorAll("script"), function (old) {
      var script = document.createElement("script");
      script.textContent = old.textContent;
      old.parentNode.replaceChild(script, old);
    });
  }

  function show(html, status) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.getElementById("ec-result");
    busy(false);
    if (!fresh) {
      say("The server gave an answer this page cannot show (HTTP " + status + "). Try again.");
      return;
    }
    blobs.forEach(function (url) { URL.revokeObjectURL(url); });
    blobs = [];
    while (result.firstChild) { result.removeChild(result.firstChild); }
    each(fresh.childNodes, function (node) { result.appendChild(document.importNode(node, true)); });
    runScripts(result);
    upgradeDownloads(result);
    if (page.title) { document.title = page.title; }
    say(status >= 400 ? "The check could not be done: see the message below." : "Done. The result is below.");
    result.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!form.reportValidity()) { return; }
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { say("Uploading: " + Math.round(100 * e.loaded / e.total) + "%", 100 * e.loaded / e.total); }
    });
    request.upload.addEventListener("load", function () { say(working, null); });
    request.addEventListener("load", function () { show(request.responseText, request.status); });
    request.addEventListener("error", function () {
      busy(false);
      say("The connection to evidencecheck was lost. Check that it is still running, then try again.");
    });
    busy(true);
    say("Uploading…", 0);
    request.send(new FormData(form));
  });
}());
