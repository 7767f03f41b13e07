// The applicant's pages, enhanced: focus goes to an error summary; on a documents step,
// choosing files uploads them at once with a progress bar, and the list of files refreshes
// while they are read. Without this script every form still works as it is.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
  var form = document.querySelector("form[data-upload]");
  if (!form) {
    return;
  }
  var box = document.getElementById("upload-progress");
  var bar = box ? box.querySelector("progress") : null;
  var text = document.getElementById("upload-progress-text");
  var inputs = form.querySelectorAll("input[type=file]");
  var chosen = function () {
    return Array.prototype.some.call(inputs, function (i) {
      return i.files && i.files.length > 0;
    });
  };
  var send = function () {
    var data = new FormData(form);
    data.append("go", "upload");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    if (box) {
      box.hidden = false;
    }
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable && bar) {
        bar.value = Math.round((100 * e.loaded) / e.total);
      }
    };
    xhr.upload.onload = function () {
      if (text && box && box.getAttribute("data-reading-text")) {
        text.textContent = box.getAttribute("data-reading-text");
      }
      if (bar) {
        bar.removeAttribute("value");
      }
    };
    xhr.onload = function () {
      var landed = xhr.responseURL || "";
      if (xhr.status < 300 && landed && landed.indexOf("/upload") === -1) {
        window.location.replace(landed);
        return;
      }
      // A refusal or a notice: the page the server answered with.
      document.open();
      document.write(xhr.responseText);
      document.close();
    };
    xhr.onerror = function () {
      form.submit();
    };
    xhr.send(data);
  };
  Array.prototype.forEach.call(inputs, function (input) {
    input.addEventListener("change", function () {
      if (input.files && input.files.length > 0) {
        send();
      }
    });
  });
  if (document.querySelector("[data-reading]")) {
    window.setTimeout(function () {
      if (!chosen()) {
        window.location.reload();
      }
    }, 3000);
  }
})();
