/* The what-if page: sliders for the scenario's levers; a moved lever
 * posts the setting, and the run's snapshots arrive as server-sent
 * events.  Text from the server only ever goes into textContent or
 * attributes set one by one: never into HTML. */
'use strict';
(function () {
  var levers = [], values = {}, source = null, timer = null, runId = null;
  var funnel = [];
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function num(x) {
    if (x === null || x === undefined || !isFinite(x)) return '\u2013';
    var a = Math.abs(x);
    return a >= 10000 ? Math.round(x).toLocaleString('en-GB')
                      : Number(x.toPrecision(4)).toString();
  }

  function status(state, text) {
    var s = $('status');
    s.setAttribute('data-state', state);
    s.textContent = text;
  }

  function buildLevers(list) {
    var box = $('levers'), groups = {};
    list.forEach(function (lv) {
      values[lv.key] = lv.base;
      if (!groups[lv.group]) {
        groups[lv.group] = el('fieldset');
        groups[lv.group].appendChild(el('legend', {}, lv.group));
        box.appendChild(groups[lv.group]);
      }
      /* a list of values: the slider moves over their positions */
      var list = lv.values, at = list ? list.indexOf(lv.base) : 0;
      var input = list
        ? el('input', {type: 'range', min: 0, max: list.length - 1,
                       step: 1, value: at, 'data-key': lv.key})
        : el('input', {type: 'range', min: lv.min, max: lv.max,
                       step: lv.step || 'any', value: lv.base,
                       'data-key': lv.key});
      var out = el('output', {}, String(lv.base));
      var label = el('label', {}, lv.label +
                     (lv.unit ? ' (' + lv.unit + ') ' : ' '));
      label.appendChild(input);
      label.appendChild(out);
      groups[lv.group].appendChild(label);
      input.addEventListener('input', function () {
        values[lv.key] = list ? list[Number(input.value)]
                              : Number(input.value);
        out.textContent = String(values[lv.key]);
        out.className = values[lv.key] === lv.base ? '' : 'moved';
        schedule();
      });
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(submit, 150);
  }

  function setting() {
    var l = {};
    levers.forEach(function (lv) {
      if (values[lv.key] !== lv.base) l[lv.key] = values[lv.key];
    });
    return {levers: l};
  }

  function submit() {
    fetch('/api/runs', {method: 'POST',
                        headers: {'Content-Type': 'application/json'},
                        body: JSON.stringify(setting())})
      .then(function (r) {
        if (r.status === 429) { setTimeout(submit, 400); return null; }
        return r.json().then(function (j) {
          if (!r.ok) throw new Error(j.error || r.statusText);
          return j;
        });
      })
      .then(function (j) { if (j) listen(j.id); })
      .catch(function (e) { status('error', 'error: ' + e.message); });
  }

  function listen(id) {
    if (source) source.close();
    runId = id;
    funnel = [];
    source = new EventSource('/api/runs/' + id + '/events');
    source.addEventListener('snapshot', function (ev) {
      var snap = JSON.parse(ev.data);
      if (snap.id !== runId) return;
      render(snap);
      if (snap.state !== 'queued' && snap.state !== 'running') {
        source.close();
        source = null;
        history();
      }
    });
  }

  function cell(row, cls, text, attrs) {
    var td = row.querySelector('td.' + cls);
    if (!td) { td = el('td', {'class': cls}); row.appendChild(td); }
    td.textContent = text;
    for (var k in attrs)
      td.setAttribute(k, attrs[k] === null ? '' : String(attrs[k]));
  }

  function ci(c) { return c ? '[' + num(c[0]) + ', ' + num(c[1]) + ']' : '\u2013'; }

  function render(snap) {
    var text = 'setting ' + snap.id + ': ' + snap.state + ', ' + snap.done +
               ' of ' + snap.replications + ' replications';
    if (snap.resumed) text += ' (' + snap.resumed + ' from the store)';
    if (snap.stopped) text += '; ' + snap.stopped;
    if (snap.error) text += ': ' + snap.error;
    status(snap.state, text);
    document.body.setAttribute('data-run', String(snap.id));
    $('status').setAttribute('data-done', String(snap.done));
    var body = $('kpis').tBodies[0];
    snap.kpis.forEach(function (k, i) {
      var row = body.querySelector('tr[data-kpi="' + CSS.escape(k.name) + '"]');
      if (!row) {
        row = el('tr', {'data-kpi': k.name});
        body.appendChild(row);
      }
      row.setAttribute('data-n', String(k.n));
      cell(row, 'name', k.label + (k.unit ? ' (' + k.unit + ')' : ''), {});
      cell(row, 'mean', num(k.mean), {'data-v': k.mean});
      cell(row, 'ci', ci(k.ci95), {'data-lo': k.ci95 ? k.ci95[0] : null,
                                   'data-hi': k.ci95 ? k.ci95[1] : null});
      var d = k.diff;
      cell(row, 'diff', d ? (d.mean > 0 ? '+' : '') + num(d.mean) : 'base',
           {'data-v': d ? d.mean : null});
      cell(row, 'diffci', d ? ci(d.ci95) : '\u2013',
           {'data-lo': d && d.ci95 ? d.ci95[0] : null,
            'data-hi': d && d.ci95 ? d.ci95[1] : null});
      if (i === 0 && k.ci95 && k.ci95[0] !== null)
        funnel.push({n: snap.done, lo: k.ci95[0], hi: k.ci95[1], m: k.mean});
    });
    drawFunnel(snap.kpis.length ? snap.kpis[0].label : '');
    drawSeries(snap.series || []);
  }

  function svgEl(tag, attrs, text) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* One plot per series: the setting's weekly mean with its CI band,
   * the base's mean dashed. */
  function drawSeries(series) {
    var box = $('plots');
    while (box.firstChild) box.removeChild(box.firstChild);
    series.forEach(function (sr) {
      var svg = svgEl('svg', {viewBox: '0 0 600 180', 'data-series': sr.name});
      box.appendChild(svg);
      svg.appendChild(svgEl('text', {x: 44, y: 14},
                            sr.name + ' (' + sr.unit + '), weekly mean'));
      var all = [].concat(sr.mean, sr.lo, sr.hi, sr.base)
        .filter(function (v) { return v !== null && isFinite(v); });
      var n = sr.mean.length;
      if (!all.length || n < 2) return;
      var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
      if (hi <= lo) hi = lo + 1;
      var x = function (k) { return 44 + 550 * k / (n - 1); };
      var y = function (v) { return 170 - 145 * (v - lo) / (hi - lo); };
      var ok = function (k) { return sr.lo[k] !== null && sr.hi[k] !== null; };
      var idx = [];
      for (var k = 0; k < n; k++) if (ok(k)) idx.push(k);
      if (idx.length > 1)
        svg.appendChild(svgEl('polygon', {'class': 'band', points:
          idx.map(function (k) { return x(k) + ',' + y(sr.hi[k]); })
            .concat(idx.slice().reverse().map(function (k) {
              return x(k) + ',' + y(sr.lo[k]); })).join(' ')}));
      var line = function (v, cls) {
        var pts = [];
        for (var k = 0; k < n; k++)
          if (v[k] !== null && isFinite(v[k])) pts.push(x(k) + ',' + y(v[k]));
        if (pts.length > 1)
          svg.appendChild(svgEl('polyline', {'class': cls, points: pts.join(' ')}));
      };
      line(sr.base, 'base');
      line(sr.mean, 'mean');
      svg.appendChild(svgEl('text', {x: 2, y: 170}, num(lo)));
      svg.appendChild(svgEl('text', {x: 2, y: 28}, num(hi)));
    });
  }

  function drawFunnel(label) {
    var svg = $('funnel'), ns = 'http://www.w3.org/2000/svg';
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var t = document.createElementNS(ns, 'text');
    t.setAttribute('x', 8); t.setAttribute('y', 14);
    t.textContent = label;
    svg.appendChild(t);
    var pts = funnel.filter(function (p) { return isFinite(p.lo) && isFinite(p.hi); });
    if (pts.length < 1) return;
    var lo = Math.min.apply(null, pts.map(function (p) { return p.lo; }));
    var hi = Math.max.apply(null, pts.map(function (p) { return p.hi; }));
    if (hi <= lo) hi = lo + 1;
    var nmax = Math.max.apply(null, pts.map(function (p) { return p.n; }));
    var x = function (n) { return 40 + 540 * (nmax > 1 ? (n - 1) / (nmax - 1) : 0.5); };
    var y = function (v) { return 185 - 160 * (v - lo) / (hi - lo); };
    var band = pts.map(function (p) { return x(p.n) + ',' + y(p.hi); })
      .concat(pts.slice().reverse().map(function (p) { return x(p.n) + ',' + y(p.lo); }));
    var poly = document.createElementNS(ns, 'polygon');
    poly.setAttribute('class', 'band');
    poly.setAttribute('points', band.join(' '));
    svg.appendChild(poly);
    var line = document.createElementNS(ns, 'polyline');
    line.setAttribute('class', 'mean');
    line.setAttribute('points', pts.map(function (p) { return x(p.n) + ',' + y(p.m); }).join(' '));
    svg.appendChild(line);
    [[lo, 185], [hi, 25]].forEach(function (a) {
      var tx = document.createElementNS(ns, 'text');
      tx.setAttribute('x', 2); tx.setAttribute('y', a[1]);
      tx.textContent = num(a[0]);
      svg.appendChild(tx);
    });
  }

  function history() {
    fetch('/api/history').then(function (r) { return r.json(); })
      .then(function (list) {
        var table = $('history'), head = table.tHead, body = table.tBodies[0];
        while (head.firstChild) head.removeChild(head.firstChild);
        while (body.firstChild) body.removeChild(body.firstChild);
        var hr = el('tr');
        hr.appendChild(el('th', {}, 'setting'));
        hr.appendChild(el('th', {}, 'levers moved'));
        if (list.length)
          list[0].kpis.forEach(function (k) { hr.appendChild(el('th', {}, k.label)); });
        hr.appendChild(el('th', {}, 'as a scenario'));
        head.appendChild(hr);
        list.forEach(function (h) {
          var tr = el('tr', {'data-id': h.id});
          tr.appendChild(el('td', {}, String(h.id)));
          var moved = levers.filter(function (lv) { return h.levers[lv.key] !== lv.base; })
            .map(function (lv) { return lv.group + ' ' + lv.label + ' ' + h.levers[lv.key]; });
          tr.appendChild(el('td', {}, moved.length ? moved.join('; ') : 'base'));
          h.kpis.forEach(function (k) {
            tr.appendChild(el('td', {}, num(k.mean) + (k.diff ? ' (' + (k.diff.mean > 0 ? '+' : '') + num(k.diff.mean) + ')' : '')));
          });
          var td = el('td');
          var a = el('a', {href: '/api/runs/' + h.id + '/overlay.yaml',
                           download: 'setting-' + h.id + '.yaml'}, 'YAML');
          a.addEventListener('click', function (e) { e.stopPropagation(); });
          td.appendChild(a);
          tr.appendChild(td);
          tr.addEventListener('click', function () { apply(h.levers); });
          body.appendChild(tr);
        });
      });
  }

  function apply(setTo) {
    document.querySelectorAll('#levers input').forEach(function (input) {
      var key = input.getAttribute('data-key');
      if (key in setTo) {
        input.value = setTo[key];
        input.dispatchEvent(new Event('input'));
      }
    });
  }

  $('reset').addEventListener('click', function () {
    var base = {};
    levers.forEach(function (lv) { base[lv.key] = lv.base; });
    apply(base);
  });

  fetch('/api/levers').then(function (r) { return r.json(); })
    .then(function (j) {
      $('scenario').textContent = j.scenario;
      levers = j.levers;
      buildLevers(levers);
      submit();
    })
    .catch(function (e) { status('error', 'error: ' + e.message); });
})();
