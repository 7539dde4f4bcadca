/*
 * search.js: queries the static search index written by fzzf/generator/search.
 *
 * Plain ES2017, no dependencies. In a browser it enhances the page's
 * <form role="search"> and the element marked data-search-results (which
 * should carry aria-live="polite"); data-search-index on that element gives
 * the URL of the index directory, otherwise the directory this script was
 * loaded from is used. Under Node.js it exports its core functions.
 *
 * Tokenisation, matching, ranking and snippets must stay identical to the
 * Go package (token.go, encode.go, query.go); the Go tests compare them.
 */
(function () {
  'use strict';

  var MAX_WORD_LEN = 40;
  var MAX_QUERY_TERMS = 32;
  var SNIPPET_BEFORE = 20;
  var SNIPPET_LEN = 100;
  var PAGE_SIZE = 10;
  var FLAG_BODY = 1;
  var FLAG_HEADING = 2;
  var FLAG_TITLE = 4;
  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_.~!*()$,;:';
  var DENSE_MARK = '+';
  var ALPHABET_INDEX = {};
  for (var ai = 0; ai < ALPHABET.length; ai++) {
    ALPHABET_INDEX[ALPHABET.charCodeAt(ai)] = ai;
  }

  var CLASS_SEP = 0;
  var CLASS_DIGIT = 1;
  var CLASS_ALPHA = 2;
  var CLASS_HAN = 3;

  // normRune folds one code point: full-width ASCII to ASCII, the
  // ideographic space to a space, ASCII capitals to lower case.
  function normRune(r) {
    if (r >= 0xFF01 && r <= 0xFF5E) {
      r -= 0xFEE0;
    } else if (r === 0x3000) {
      return 0x20;
    }
    if (r >= 0x41 && r <= 0x5A) {
      r += 0x20;
    }
    return r;
  }

  function classOf(r) {
    if (r >= 0x30 && r <= 0x39) return CLASS_DIGIT;
    if (r >= 0x61 && r <= 0x7A) return CLASS_ALPHA;
    if (r === 0x3007 ||
        (r >= 0x3400 && r <= 0x4DBF) ||
        (r >= 0x4E00 && r <= 0x9FFF) ||
        (r >= 0xF900 && r <= 0xFAFF) ||
        (r >= 0x20000 && r <= 0x3134F)) return CLASS_HAN;
    return CLASS_SEP;
  }

  function codePoints(s) {
    var out = [];
    for (var ch of s) out.push(ch.codePointAt(0));
    return out;
  }

  function str(runes) {
    return String.fromCodePoint.apply(null, runes);
  }

  // segments splits s into folded Han runs and ASCII words.
  function segments(s) {
    var out = [];
    var cur = [];
    var curClass = CLASS_SEP;
    function flush() {
      if (cur.length > 0) {
        if (curClass !== CLASS_HAN && cur.length > MAX_WORD_LEN) cur = cur.slice(0, MAX_WORD_LEN);
        out.push({ han: curClass === CLASS_HAN, runes: cur });
      }
      cur = [];
    }
    for (var ch of String(s)) {
      var r = normRune(ch.codePointAt(0));
      var c = classOf(r);
      if (c !== curClass) {
        flush();
        curClass = c;
      }
      if (c !== CLASS_SEP) cur.push(r);
    }
    flush();
    return out;
  }

  // queryTerms returns the distinct terms a page must contain.
  function queryTerms(q) {
    var terms = [];
    var seen = {};
    function add(t) {
      if (!Object.prototype.hasOwnProperty.call(seen, t) && terms.length < MAX_QUERY_TERMS) {
        seen[t] = true;
        terms.push(t);
      }
    }
    segments(q).forEach(function (seg) {
      if (!seg.han || seg.runes.length === 1) {
        add(str(seg.runes));
        return;
      }
      for (var i = 0; i + 1 < seg.runes.length; i++) add(str(seg.runes.slice(i, i + 2)));
    });
    docNumbers(q).forEach(add);
    return terms;
  }

  function isOpenBracket(r) { return r === 0x3014 || r === 0x5B || r === 0x28 || r === 0x3010; }
  function isCloseBracket(r) { return r === 0x3015 || r === 0x5D || r === 0x29 || r === 0x3011; }

  // docNumbers returns a term "〔2022〕133" for each document number (文号)
  // such as 许自规〔2022〕133号 or 许自规[2022]133号 in s.
  function docNumbers(s) {
    s = String(s);
    if (s.indexOf('\u53F7') < 0) return [];
    var rs = codePoints(s).map(normRune);
    var out = [];
    for (var i = 0; i + 7 < rs.length; i++) {
      if (!isOpenBracket(rs[i]) || !isCloseBracket(rs[i + 5])) continue;
      var k;
      for (k = i + 1; k < i + 5 && classOf(rs[k]) === CLASS_DIGIT; k++);
      if (k < i + 5) continue;
      var j = i + 6;
      while (j < rs.length && classOf(rs[j]) === CLASS_DIGIT) j++;
      if (j === i + 6 || j >= rs.length || rs[j] !== 0x53F7) continue;
      out.push('\u3014' + str(rs.slice(i + 1, i + 5)) + '\u3015' + str(rs.slice(i + 6, j)));
      i = j;
    }
    return out;
  }

  // hashTerm is 32-bit FNV-1a over the UTF-8 bytes of term.
  function hashTerm(term) {
    var h = 2166136261;
    function byte(b) {
      h = Math.imul((h ^ b) >>> 0, 16777619) >>> 0;
    }
    codePoints(term).forEach(function (r) {
      if (r < 0x80) {
        byte(r);
      } else if (r < 0x800) {
        byte(0xC0 | (r >> 6));
        byte(0x80 | (r & 63));
      } else if (r < 0x10000) {
        byte(0xE0 | (r >> 12));
        byte(0x80 | ((r >> 6) & 63));
        byte(0x80 | (r & 63));
      } else {
        byte(0xF0 | (r >> 18));
        byte(0x80 | ((r >> 12) & 63));
        byte(0x80 | ((r >> 6) & 63));
        byte(0x80 | (r & 63));
      }
    });
    return h;
  }

  function shardName(term, bits) {
    var n = (hashTerm(term) & ((1 << bits) - 1)) >>> 0;
    var width = Math.max(1, Math.ceil(bits / 4));
    var hex = n.toString(16);
    while (hex.length < width) hex = '0' + hex;
    return 's/' + hex + '.json';
  }

  // decodeList decodes a sparse posting list: (doc gap)*8 + flags.
  function decodeList(s) {
    var out = [];
    var doc = 0;
    var v = 0;
    var mul = 1;
    for (var i = 0; i < s.length; i++) {
      var d = ALPHABET_INDEX[s.charCodeAt(i)];
      if (d === undefined) throw new Error('malformed posting list');
      v += (d & 31) * mul;
      if (d & 32) {
        mul *= 32;
        continue;
      }
      doc += Math.floor(v / 8);
      out.push({ doc: doc, flags: v % 8 });
      v = 0;
      mul = 1;
    }
    if (mul !== 1) throw new Error('malformed posting list');
    return out;
  }

  // decodePostings decodes a sparse list or a dense one: DENSE_MARK, a
  // bitmap of 6 docs per character, DENSE_MARK, the sparse list of the
  // postings whose flags are not FLAG_BODY alone.
  function decodePostings(s) {
    if (s.charAt(0) !== DENSE_MARK) return decodeList(s);
    var cut = s.indexOf(DENSE_MARK, 1);
    if (cut < 0) throw new Error('malformed posting list');
    var flagged = decodeList(s.slice(cut + 1));
    var out = [];
    var j = 0;
    for (var i = 1; i < cut; i++) {
      var v = ALPHABET_INDEX[s.charCodeAt(i)];
      if (v === undefined) throw new Error('malformed posting list');
      for (var bit = 0; bit < 6; bit++) {
        if (!(v & (1 << bit))) continue;
        var p = { doc: (i - 1) * 6 + bit, flags: FLAG_BODY };
        if (j < flagged.length && flagged[j].doc === p.doc) {
          p.flags = flagged[j].flags;
          j++;
        }
        out.push(p);
      }
    }
    if (j !== flagged.length) throw new Error('malformed posting list');
    return out;
  }

  function fieldScore(meta, flags) {
    var s = 0;
    if (flags & FLAG_TITLE) s += meta.w[0];
    if (flags & FLAG_HEADING) s += meta.w[1];
    if (flags & FLAG_BODY) s += meta.w[2];
    return s;
  }

  // match resolves to the ranked hits of q: [{doc, score}], best first.
  // load(name) resolves to the parsed JSON of an index file, by its path
  // relative to the index directory ("meta.json", "s/3f.json", "d/0.json").
  async function match(load, q) {
    var terms = queryTerms(q);
    if (terms.length === 0) return [];
    var meta = await load('meta.json');
    var names = terms.map(function (t) { return shardName(t, meta.bits); });
    var unique = Array.from(new Set(names));
    var loaded = await Promise.all(unique.map(function (n) { return load(n); }));
    var shards = {};
    unique.forEach(function (n, i) { shards[n] = loaded[i]; });
    var lists = [];
    for (var i = 0; i < terms.length; i++) {
      var sh = shards[names[i]];
      if (!Object.prototype.hasOwnProperty.call(sh, terms[i])) return [];
      lists.push(decodePostings(sh[terms[i]]));
    }
    lists.sort(function (a, b) { return a.length - b.length; });
    var hits = lists[0].map(function (p) { return { doc: p.doc, score: fieldScore(meta, p.flags) }; });
    for (var k = 1; k < lists.length && hits.length > 0; k++) {
      var ps = lists[k];
      var kept = [];
      var j = 0;
      for (var h = 0; h < hits.length; h++) {
        while (j < ps.length && ps[j].doc < hits[h].doc) j++;
        if (j < ps.length && ps[j].doc === hits[h].doc) {
          hits[h].score += fieldScore(meta, ps[j].flags);
          kept.push(hits[h]);
        }
      }
      hits = kept;
    }
    hits.sort(function (a, b) { return (b.score - a.score) || (a.doc - b.doc); });
    return hits;
  }

  // records resolves to the results for hits, with snippets for q. The
  // records of meta.g docs share one file, d/<doc / meta.g>.json, an
  // array of [url, title, section, date, text].
  async function records(load, hits, q) {
    var meta = await load('meta.json');
    var names = hits.map(function (h) { return 'd/' + Math.floor(h.doc / meta.g) + '.json'; });
    var unique = Array.from(new Set(names));
    var loaded = await Promise.all(unique.map(function (n) { return load(n); }));
    var groups = {};
    unique.forEach(function (n, i) { groups[n] = loaded[i]; });
    return hits.map(function (h, i) {
      var r = groups[names[i]][h.doc % meta.g];
      if (!r) throw new Error(names[i] + ': no record of doc ' + h.doc);
      return { url: r[0], title: r[1], section: r[2], date: r[3], snippet: snippet(r[4], q), score: h.score };
    });
  }

  // query resolves to {total, results}: at most limit results (all if
  // limit <= 0), best first. It is the counterpart of Go's search.Query.
  async function query(load, q, limit) {
    var hits = await match(load, q);
    var top = limit > 0 ? hits.slice(0, limit) : hits;
    return { total: hits.length, results: await records(load, top, q) };
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function matchAt(s, i, sub, word) {
    for (var k = 0; k < sub.length; k++) {
      if (s[i + k] !== sub[k]) return false;
    }
    if (!word) return true;
    var c = classOf(sub[0]);
    if (i > 0 && classOf(s[i - 1]) === c) return false;
    var end = i + sub.length;
    return end >= s.length || classOf(s[end]) !== c;
  }

  function indexRunes(s, sub, word) {
    for (var i = 0; i + sub.length <= s.length; i++) {
      if (matchAt(s, i, sub, word)) return i;
    }
    return -1;
  }

  // snippet returns escaped HTML from text around the first match of q,
  // with <mark> around matches.
  function snippet(text, q) {
    var orig = codePoints(String(text));
    var norm = orig.map(normRune);
    var needles = [];
    segments(q).forEach(function (seg) {
      if (!seg.han || seg.runes.length === 1 || indexRunes(norm, seg.runes, false) >= 0) {
        needles.push({ runes: seg.runes, word: !seg.han });
        return;
      }
      for (var i = 0; i + 1 < seg.runes.length; i++) {
        needles.push({ runes: seg.runes.slice(i, i + 2), word: false });
      }
    });
    var mark = orig.map(function () { return false; });
    var first = -1;
    needles.forEach(function (nd) {
      for (var i = 0; i + nd.runes.length <= norm.length; i++) {
        if (!matchAt(norm, i, nd.runes, nd.word)) continue;
        for (var k = i; k < i + nd.runes.length; k++) mark[k] = true;
        if (first < 0 || i < first) first = i;
      }
    });
    var start = first > SNIPPET_BEFORE ? first - SNIPPET_BEFORE : 0;
    var end = Math.min(orig.length, start + SNIPPET_LEN);
    start = Math.max(0, Math.min(start, end - SNIPPET_LEN));
    var out = start > 0 ? '\u2026' : '';
    var open = false;
    for (var i = start; i < end; i++) {
      if (mark[i] !== open) {
        out += open ? '</mark>' : '<mark>';
        open = mark[i];
      }
      out += escapeHTML(String.fromCodePoint(orig[i]));
    }
    if (open) out += '</mark>';
    if (end < orig.length) out += '\u2026';
    return out;
  }

  // Messages shown to readers.
  var MSG = {
    empty: '请输入要搜索的关键词。',
    searching: function (q) { return '正在搜索“' + q + '”……'; },
    none: function (q) { return '未找到与“' + q + '”相关的内容。请检查输入是否有误，或换用较短的关键词再试。'; },
    found: function (q, n) { return '找到 ' + n + ' 条与“' + q + '”相关的结果。'; },
    error: '搜索暂时无法使用，请稍后再试；您也可以通过栏目导航查找内容。',
    more: '显示更多结果',
    section: '栏目：',
    date: '发布日期：'
  };

  // renderItems returns the <li> elements of results; every string from
  // the index is escaped, snippets are escaped already.
  function renderItems(results) {
    return results.map(function (r) {
      var meta = '';
      if (r.section) meta += '<span class="search-result-section">' + MSG.section + escapeHTML(r.section) + '</span> ';
      if (r.date) meta += '<span class="search-result-date">' + MSG.date + '<time datetime="' + escapeHTML(r.date) + '">' + escapeHTML(r.date) + '</time></span>';
      return '<li class="search-result">' +
        '<h2 class="search-result-title"><a href="' + escapeHTML(r.url) + '">' + escapeHTML(r.title) + '</a></h2>' +
        (meta ? '<p class="search-result-meta">' + meta + '</p>' : '') +
        '<p class="search-result-snippet">' + r.snippet + '</p>' +
        '</li>';
    }).join('');
  }

  // renderResults returns the HTML of a results page for q.
  function renderResults(q, total, results, more) {
    if (!String(q).trim()) return '<p class="search-summary">' + escapeHTML(MSG.empty) + '</p>';
    if (total === 0) return '<p class="search-summary">' + escapeHTML(MSG.none(q)) + '</p>';
    return '<p class="search-summary">' + escapeHTML(MSG.found(q, total)) + '</p>' +
      '<ol class="search-results">' + renderItems(results) + '</ol>' +
      (more ? '<button type="button" class="search-more">' + MSG.more + '</button>' : '');
  }

  // Browser: progressive enhancement of the server-rendered search page.
  function start(doc, win, scriptSrc) {
    var container = doc.querySelector('[data-search-results]');
    if (!container) return;
    var base = container.getAttribute('data-search-index') || scriptSrc.replace(/[^/]*$/, '');
    base = new URL(base.replace(/\/?$/, '/'), doc.baseURI).href;
    var forms = Array.from(doc.querySelectorAll('form[role="search"]')).filter(function (f) {
      return f.querySelector('input[name="q"]');
    });
    var pageTitle = doc.title;
    var cache = new Map();
    var metaPromise = null;
    var seq = 0;

    function fetchJSON(url, init) {
      return win.fetch(url, init).then(function (res) {
        if (!res.ok) throw new Error(url + ': HTTP ' + res.status);
        return res.json();
      });
    }
    function loadMeta() {
      if (!metaPromise) {
        metaPromise = fetchJSON(base + 'meta.json', { cache: 'no-cache' });
        metaPromise.catch(function () { metaPromise = null; });
      }
      return metaPromise;
    }
    function load(name) {
      if (name === 'meta.json') return loadMeta();
      if (!cache.has(name)) {
        var p = loadMeta().then(function (m) {
          return fetchJSON(base + name + '?v=' + encodeURIComponent(m.v));
        });
        p.catch(function () { cache.delete(name); });
        cache.set(name, p);
      }
      return cache.get(name);
    }

    function show(html, busy) {
      container.innerHTML = html;
      container.setAttribute('aria-busy', busy ? 'true' : 'false');
    }

    async function run(q) {
      var mine = ++seq;
      forms.forEach(function (f) { f.querySelector('input[name="q"]').value = q; });
      doc.title = q.trim() ? '“' + q + '”的搜索结果 – ' + pageTitle : pageTitle;
      if (!q.trim()) {
        show(renderResults(q, 0, [], false), false);
        return;
      }
      show('<p class="search-summary">' + escapeHTML(MSG.searching(q)) + '</p>', true);
      try {
        var hits = await match(load, q);
        var first = await records(load, hits.slice(0, PAGE_SIZE), q);
        if (mine !== seq) return;
        show(renderResults(q, hits.length, first, hits.length > PAGE_SIZE), false);
        var shown = first.length;
        var bindMore = function () {
          var button = container.querySelector('.search-more');
          if (!button) return;
          button.addEventListener('click', async function () {
            button.disabled = true;
            try {
              var next = await records(load, hits.slice(shown, shown + PAGE_SIZE), q);
              if (mine !== seq) return;
              var list = container.querySelector('.search-results');
              list.insertAdjacentHTML('beforeend', renderItems(next));
              var link = list.children[shown].querySelector('a');
              shown += next.length;
              if (shown >= hits.length) button.remove(); else button.disabled = false;
              link.focus();
            } catch (e) {
              button.disabled = false;
              button.insertAdjacentHTML('afterend', '<p class="search-error">' + escapeHTML(MSG.error) + '</p>');
            }
          });
        };
        bindMore();
      } catch (e) {
        if (mine !== seq) return;
        show('<p class="search-summary search-error">' + escapeHTML(MSG.error) + '</p>', false);
        if (win.console) win.console.error(e);
      }
    }

    function queryFromLocation() {
      return new URL(win.location.href).searchParams.get('q') || '';
    }

    forms.forEach(function (f) {
      f.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var q = f.querySelector('input[name="q"]').value;
        var url = new URL(win.location.href);
        url.searchParams.set('q', q);
        if (url.href !== win.location.href) win.history.pushState(null, '', url.href);
        run(q);
      });
    });
    win.addEventListener('popstate', function () { run(queryFromLocation()); });
    var initial = queryFromLocation();
    if (initial) run(initial);
  }

  var api = {
    normRune: normRune,
    segments: segments,
    queryTerms: queryTerms,
    docNumbers: docNumbers,
    hashTerm: hashTerm,
    shardName: shardName,
    decodePostings: decodePostings,
    match: match,
    records: records,
    query: query,
    snippet: snippet,
    escapeHTML: escapeHTML,
    renderResults: renderResults
  };

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  }
  if (typeof document !== 'undefined' && typeof window !== 'undefined') {
    var src = document.currentScript ? document.currentScript.src : '';
    var boot = function () { start(document, window, src); };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
    else boot();
  }
})();
