package serve

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"sync"
)

// hub sends events to every open page.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
	closed  bool
}

type event struct{ name, data string }

func (h *hub) add() chan event {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch := make(chan event, 16)
	if h.closed {
		close(ch)
		return ch
	}
	if h.clients == nil {
		h.clients = map[chan event]bool{}
	}
	h.clients[ch] = true
	return ch
}

func (h *hub) remove(ch chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[ch] {
		delete(h.clients, ch)
		close(ch)
	}
}

// broadcast queues an event for every page; a page too slow to take it
// misses it rather than holding up the others.
func (h *hub) broadcast(name, data string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		select {
		case ch <- event{name, data}:
		default:
		}
	}
}

// closeAll ends every stream, for shutdown.
func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.clients {
		close(ch)
	}
	h.clients = nil
}

// events is the Server-Sent Events stream a page's script listens to.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	ch := s.hub.add()
	defer s.hub.remove(ch)
	fmt.Fprint(w, "retry: 500\n\n")
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-ch:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
			fl.Flush()
		}
	}
}

// overlayHTML is the problems overlay as the server puts it into a page
// when the last build failed; the script builds the same one when a build
// fails while the page is open.
func overlayHTML(problems []string) string {
	var b strings.Builder
	b.WriteString(`<div id="preview-problems" role="alert" style="` + overlayStyle + `"><p style="margin:0 0 .5em;font-weight:bold">构建失败，仍显示上一次成功的版本。请修改以下问题后保存：</p><ul style="margin:0;padding-left:1.2em">`)
	for _, p := range problems {
		b.WriteString("<li>" + html.EscapeString(p) + "</li>")
	}
	b.WriteString("</ul></div>\n")
	return b.String()
}

const overlayStyle = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:2147483647;" +
	"background:#fff4f4;color:#6b0000;border-top:4px solid #b00000;padding:1em 1.5em;font:16px/1.6 monospace;white-space:pre-wrap"

// reloadScript listens for rebuilds: "reload" reloads the page keeping
// its scroll position, "css" swaps the stylesheets, "problems" shows the
// overlay.
var reloadScript = `<script>
(function () {
  var key = "preview-scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(key);
    if (saved) {
      sessionStorage.removeItem(key);
      var xy = JSON.parse(saved);
      window.addEventListener("load", function () { window.scrollTo(xy[0], xy[1]); });
      window.scrollTo(xy[0], xy[1]);
    }
  } catch (e) {}
  function removeOverlay() {
    var o = document.getElementById("preview-problems");
    if (o) o.parentNode.removeChild(o);
  }
  function reload() {
    try { sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY])); } catch (e) {}
    location.reload();
  }
  function swapCSS() {
    fetch(location.href, {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, "text/html");
      var fresh = doc.querySelectorAll('link[rel="stylesheet"]');
      var old = document.querySelectorAll('link[rel="stylesheet"]');
      if (fresh.length !== old.length) { reload(); return; }
      for (var i = 0; i < old.length; i++) {
        if (old[i].getAttribute("href") !== fresh[i].getAttribute("href")) old[i].setAttribute("href", fresh[i].getAttribute("href"));
      }
      removeOverlay();
    }).catch(reload);
  }
  function showProblems(list) {
    removeOverlay();
    var d = document.createElement("div");
    d.id = "preview-problems";
    d.setAttribute("role", "alert");
    d.setAttribute("style", "` + overlayStyle + `");
    var p = document.createElement("p");
    p.setAttribute("style", "margin:0 0 .5em;font-weight:bold");
    p.textContent = "构建失败，仍显示上一次成功的版本。请修改以下问题后保存：";
    d.appendChild(p);
    var ul = document.createElement("ul");
    ul.setAttribute("style", "margin:0;padding-left:1.2em");
    list.forEach(function (t) { var li = document.createElement("li"); li.textContent = t; ul.appendChild(li); });
    d.appendChild(ul);
    document.body.appendChild(d);
  }
  if (!window.EventSource) return;
  var es = new EventSource("` + eventsPath + `");
  es.addEventListener("reload", reload);
  es.addEventListener("css", swapCSS);
  es.addEventListener("problems", function (e) { showProblems(JSON.parse(e.data)); });
})();
</script>
`
