// The AutoGrad graph explorer: plain JavaScript over the Graphviz SVG above and the JSON in
// #graph-data. It loads nothing and writes user text only through textContent, never as markup.
(function () {
  'use strict';

  const data = JSON.parse(document.getElementById('graph-data').textContent);
  const nodes = data.nodes; // topological order: nodes[i].step === i
  const byId = new Map(nodes.map(function (n) { return [n.id, n]; }));
  const svg = document.querySelector('#graph svg');
  const graphGroup = svg.querySelector('g.graph') || svg;

  // Graphviz names each SVG group by its DOT id in <title>: "v3" for a value, "v3_op" for its op oval.
  const elementsOf = new Map(); // value id -> its SVG groups
  const nodeGroups = new Map(); // DOT node name -> SVG group
  svg.querySelectorAll('g.node').forEach(function (g) {
    const name = titleOf(g);
    nodeGroups.set(name, g);
    const id = name.endsWith('_op') ? name.slice(0, -3) : name;
    if (byId.has(id)) {
      g.dataset.value = id;
      if (!elementsOf.has(id)) { elementsOf.set(id, []); }
      elementsOf.get(id).push(g);
    }
  });
  const edges = [];
  const edgesInto = new Map(); // value id -> the edges from its inputs (into its op oval, or its box when ops are folded)
  svg.querySelectorAll('g.edge').forEach(function (g) {
    const ends = titleOf(g).split('->');
    const edge = { group: g, from: ends[0], to: ends[1] };
    edges.push(edge);
    const id = edge.to.endsWith('_op') ? edge.to.slice(0, -3) : edge.to;
    if (edge.from !== id + '_op') {
      if (!edgesInto.has(id)) { edgesInto.set(id, []); }
      edgesInto.get(id).push(edge);
    }
  });
  let inputEdges = [];

  // Who uses each value, and at which input: the edges its gradient comes back along.
  const consumers = new Map(nodes.map(function (n) { return [n.id, []]; }));
  nodes.forEach(function (n) {
    n.inputs.forEach(function (input, index) { consumers.get(input.id).push({ node: n, index: index }); });
  });

  function titleOf(g) {
    const title = g.querySelector('title');
    return title ? title.textContent : '';
  }

  // Numbers: JSON has no NaN or ±∞, so those arrive as strings.
  function exact(x) {
    if (typeof x === 'number') { return x; }
    return x === 'NaN' ? NaN : x === 'Infinity' ? Infinity : -Infinity;
  }

  function shown(x) {
    const v = exact(x);
    if (Number.isNaN(v)) { return 'NaN'; }
    if (!Number.isFinite(v)) { return v > 0 ? '∞' : '−∞'; }
    return String(Number(v.toPrecision(6)));
  }

  function putNumber(element, x) {
    element.textContent = shown(x);
    element.title = String(exact(x));
    element.dataset.exact = String(exact(x));
    element.classList.toggle('nonfinite', !Number.isFinite(exact(x)));
  }

  function nameOf(n) {
    return n.label !== '' ? n.label : (n.symbol !== '' ? n.symbol : 'leaf') + ' #' + n.step;
  }

  function make(tag, text) {
    const element = document.createElement(tag);
    if (text !== undefined) { element.textContent = text; }
    return element;
  }

  function numberCell(x) {
    const cell = make('td');
    putNumber(cell, x);
    return cell;
  }

  // ---- Details panel -------------------------------------------------------------------------
  const details = {
    title: document.getElementById('details-title'),
    hint: document.getElementById('details-hint'),
    facts: document.getElementById('details-facts'),
    inputs: document.getElementById('details-inputs'),
    consumers: document.getElementById('details-consumers'),
  };
  let pinned = null;

  function fact(term, value, id) {
    details.facts.appendChild(make('dt', term));
    const dd = make('dd');
    if (typeof value === 'string') { dd.textContent = value; } else { putNumber(dd, value.number); }
    if (id) { dd.id = id; }
    details.facts.appendChild(dd);
  }

  function showDetails(n) {
    details.title.textContent = nameOf(n);
    details.title.dataset.node = n.id;
    details.hint.hidden = true;
    details.facts.replaceChildren();
    fact('op', n.op === 'Leaf' ? 'leaf (input, parameter or constant)' : n.symbol + '  (' + n.op + ')', 'details-op');
    fact('value', { number: n.data }, 'details-data');
    fact('gradient', { number: n.grad }, 'details-grad');
    fact('forward step', (n.step + 1) + ' of ' + nodes.length);
    fact('backward step', (nodes.length - n.step) + ' of ' + nodes.length);
    fact('scope', n.scope.length > 0 ? n.scope.join(' / ') : '—');

    const inputRows = details.inputs.tBodies[0];
    inputRows.replaceChildren();
    n.inputs.forEach(function (input) {
      const row = make('tr');
      row.dataset.input = input.id;
      row.appendChild(make('td', nameOf(byId.get(input.id))));
      const local = numberCell(input.local); local.className = 'local'; row.appendChild(local);
      const upstream = numberCell(n.grad); upstream.className = 'upstream'; row.appendChild(upstream);
      const contribution = numberCell(input.contribution); contribution.className = 'contribution'; row.appendChild(contribution);
      inputRows.appendChild(row);
    });
    details.inputs.hidden = n.inputs.length === 0;

    const consumerRows = details.consumers.tBodies[0];
    consumerRows.replaceChildren();
    const uses = consumers.get(n.id);
    uses.forEach(function (use) {
      const row = make('tr');
      row.appendChild(make('td', nameOf(use.node) + ' (input ' + (use.index + 1) + ')'));
      row.appendChild(numberCell(use.node.inputs[use.index].contribution));
      consumerRows.appendChild(row);
    });
    if (n.id === data.root) {
      const row = make('tr');
      row.appendChild(make('td', 'the output itself: ∂out/∂out'));
      row.appendChild(numberCell(1));
      consumerRows.appendChild(row);
    }
    details.consumers.hidden = consumerRows.rows.length === 0;

    inputEdges.forEach(function (edge) { edge.group.classList.remove('input-edge'); });
    inputEdges = (edgesInto.get(n.id) || []);
    inputEdges.forEach(function (edge) { edge.group.classList.add('input-edge'); });
  }

  function select(n) {
    if (pinned !== null) { (elementsOf.get(pinned.id) || []).forEach(function (g) { g.classList.remove('selected'); }); }
    pinned = n;
    if (n !== null) {
      (elementsOf.get(n.id) || []).forEach(function (g) { g.classList.add('selected'); });
      showDetails(n);
    }
  }

  elementsOf.forEach(function (groups, id) {
    const n = byId.get(id);
    groups.forEach(function (g) {
      g.addEventListener('mouseenter', function () { showDetails(n); });
      g.addEventListener('mouseleave', function () { if (pinned !== null && pinned !== n) { showDetails(pinned); } });
      g.addEventListener('click', function () { select(pinned === n ? null : n); if (pinned === null) { showDetails(n); } });
    });
  });

  // ---- Stepping through the passes -----------------------------------------------------------
  // Steps 0..N−1 run the forward pass in topological order; N..2N−1 the backward pass in reverse.
  const stepBack = document.getElementById('step-back');
  const stepNext = document.getElementById('step-next');
  const phase = document.getElementById('step-phase');
  const stepText = document.getElementById('step-text');
  const stepValue = document.getElementById('step-value');
  const intro = phase.textContent;
  let step = -1;

  function mark(n, className, on) {
    (elementsOf.get(n.id) || []).forEach(function (g) { g.classList.toggle(className, on); });
  }

  // Each node's stepping class ('done', 'pending' or none), so a step touches only what changed:
  // a 300-node graph steps 600 times without restyling every node each time.
  const stepClass = new Map();
  let current = null;

  function setStepClass(n, className) {
    const before = stepClass.get(n.id) || '';
    if (before === className) { return; }
    if (before !== '') { mark(n, before, false); }
    if (className !== '') { mark(n, className, true); }
    stepClass.set(n.id, className);
  }

  function renderStep() {
    const count = nodes.length;
    stepBack.disabled = step < 0;
    stepNext.disabled = step >= 2 * count - 1;
    if (current !== null) { mark(current, 'current', false); current = null; }
    if (step < 0) {
      nodes.forEach(function (n) { setStepClass(n, ''); });
      phase.textContent = intro;
      stepText.textContent = '';
      stepValue.textContent = '';
      delete stepValue.dataset.node;
      delete stepValue.dataset.phase;
      delete stepValue.dataset.exact;
      return;
    }

    let n;
    if (step < count) {
      n = nodes[step];
      nodes.forEach(function (m) { setStepClass(m, m.step < step ? 'done' : m.step > step ? 'pending' : ''); });
      phase.textContent = 'Forward ' + (step + 1) + '/' + count + ':';
      stepText.textContent = n.inputs.length === 0
        ? nameOf(n) + ' is a leaf ='
        : nameOf(n) + ' = ' + n.symbol + '(' + n.inputs.map(function (i) { return nameOf(byId.get(i.id)); }).join(', ') + ') =';
      putNumber(stepValue, n.data);
      stepValue.dataset.phase = 'forward';
    } else {
      const k = step - count;
      n = nodes[count - 1 - k];
      nodes.forEach(function (m) { setStepClass(m, m.step > n.step ? 'done' : ''); });
      phase.textContent = 'Backward ' + (k + 1) + '/' + count + ':';
      stepText.textContent = n.id === data.root
        ? 'grad of ' + nameOf(n) + ' = ∂out/∂out ='
        : 'grad of ' + nameOf(n) + ' = Σ over its uses of upstream grad × local derivative =';
      putNumber(stepValue, n.grad);
      stepValue.dataset.phase = 'backward';
    }

    stepValue.dataset.node = n.id;
    current = n;
    mark(n, 'current', true);
    showDetails(n);
    scrollToward((elementsOf.get(n.id) || [])[0], 'nearest');
  }

  // Scrolling needs a layout; do it once per frame, for the latest step only, so holding → stays fast.
  let scrollTarget = null;
  function scrollToward(element, where) {
    if (!element) { return; }
    if (scrollTarget === null) {
      requestAnimationFrame(function () {
        if (!scrollTarget.element.classList.contains('hidden-by-scope')) {
          scrollTarget.element.scrollIntoView({ block: scrollTarget.where, inline: scrollTarget.where });
        }
        scrollTarget = null;
      });
    }
    scrollTarget = { element: element, where: where };
  }

  function go(to) {
    step = Math.max(-1, Math.min(2 * nodes.length - 1, to));
    renderStep();
  }

  stepNext.addEventListener('click', function () { go(step + 1); });
  stepBack.addEventListener('click', function () { go(step - 1); });
  document.getElementById('step-reset').addEventListener('click', function () { go(-1); });

  // ---- Search --------------------------------------------------------------------------------
  const search = document.getElementById('search');
  const searchCount = document.getElementById('search-count');
  let matches = [];
  let matchAt = -1;

  function runSearch() {
    const query = search.value.trim().toLowerCase();
    matches = query === '' ? [] : nodes.filter(function (n) { return n.label.toLowerCase().includes(query); });
    matchAt = -1;
    const matched = new Set(matches.map(function (n) { return n.id; }));
    nodes.forEach(function (n) { mark(n, 'match', matched.has(n.id)); });
    searchCount.textContent = query === '' ? '' : matches.length + (matches.length === 1 ? ' match' : ' matches');
  }

  search.addEventListener('input', runSearch);
  search.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && matches.length > 0) {
      matchAt = (matchAt + 1) % matches.length;
      select(matches[matchAt]);
      scrollToward((elementsOf.get(matches[matchAt].id) || [])[0], 'center');
    } else if (event.key === 'Escape') {
      search.value = '';
      runSearch();
      search.blur();
    }
  });

  // ---- Scopes: collapse a cluster to one box, expand it again ---------------------------------
  const clusters = data.clusters;
  const clusterById = new Map(clusters.map(function (c) { return [c.id, c]; }));
  const childrenOf = new Map(clusters.map(function (c) { return [c.id, []]; }));
  clusters.forEach(function (c) { if (c.parent !== null) { childrenOf.get(c.parent).push(c); } });
  const clusterGroups = new Map();
  svg.querySelectorAll('g.cluster').forEach(function (g) { clusterGroups.set(titleOf(g), g); });
  const collapsed = new Set();

  function within(c, into) {
    into.push(c);
    childrenOf.get(c.id).forEach(function (child) { within(child, into); });
    return into;
  }

  function hiddenByAncestor(c) {
    for (let p = c.parent; p !== null; p = clusterById.get(p).parent) {
      if (collapsed.has(p)) { return true; }
    }
    return false;
  }

  function applyScopes() {
    svg.querySelectorAll('.hidden-by-scope').forEach(function (e) { e.classList.remove('hidden-by-scope'); });
    svg.querySelectorAll('g.collapsed-box').forEach(function (e) { e.remove(); });
    const boxes = [];
    clusters.forEach(function (c) {
      if (!collapsed.has(c.id) || hiddenByAncestor(c) || !clusterGroups.has(c.id)) { return; }
      const inside = within(c, []);
      const names = new Set();
      inside.forEach(function (d) { d.nodes.forEach(function (name) { names.add(name); }); });
      const box = clusterGroups.get(c.id).getBBox();
      boxes.push({ cluster: c, box: box, names: names, inside: inside });
    });
    boxes.forEach(function (b) {
      b.names.forEach(function (name) { const g = nodeGroups.get(name); if (g) { g.classList.add('hidden-by-scope'); } });
      edges.forEach(function (edge) {
        if (b.names.has(edge.from) && b.names.has(edge.to)) { edge.group.classList.add('hidden-by-scope'); }
      });
      b.inside.forEach(function (d) { const g = clusterGroups.get(d.id); if (g) { g.classList.add('hidden-by-scope'); } });
      const values = Array.from(b.names).filter(function (name) { return byId.has(name); }).length;
      const group = document.createElementNS('http://www.w3.org/2000/svg', 'g');
      group.setAttribute('class', 'collapsed-box');
      group.dataset.cluster = b.cluster.id;
      const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      rect.setAttribute('x', b.box.x); rect.setAttribute('y', b.box.y);
      rect.setAttribute('width', b.box.width); rect.setAttribute('height', b.box.height);
      const label = document.createElementNS('http://www.w3.org/2000/svg', 'text');
      // Top left, where a big box's name is still in view.
      label.setAttribute('x', b.box.x + 8);
      label.setAttribute('y', b.box.y + 16);
      label.textContent = '▸ ' + b.cluster.name + ' (' + values + ' values)';
      const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.textContent = 'Click to expand ' + b.cluster.name;
      group.append(title, rect, label);
      group.addEventListener('click', function () { toggle(b.cluster.id); });
      graphGroup.appendChild(group);
    });
    scopeButtons.forEach(function (button, id) {
      button.textContent = (collapsed.has(id) ? '▸ ' : '▾ ') + clusterById.get(id).name;
      button.setAttribute('aria-expanded', String(!collapsed.has(id)));
    });
  }

  function toggle(id) {
    if (collapsed.has(id)) { collapsed.delete(id); } else { collapsed.add(id); }
    applyScopes();
  }

  const scopeButtons = new Map();
  function listScopes(list, members) {
    // In name order, numbers by value: layer 2 before layer 10, whatever order the graph met them in.
    members.slice().sort(function (a, b) { return a.name.localeCompare(b.name, 'en', { numeric: true }); }).forEach(function (c) {
      const item = make('li');
      const button = make('button');
      button.type = 'button';
      button.dataset.cluster = c.id;
      button.addEventListener('click', function () { toggle(c.id); });
      scopeButtons.set(c.id, button);
      item.appendChild(button);
      const children = childrenOf.get(c.id);
      if (children.length > 0) {
        const sublist = make('ul');
        listScopes(sublist, children);
        item.appendChild(sublist);
      }
      list.appendChild(item);
    });
  }

  if (clusters.length > 0) {
    document.getElementById('scopes').hidden = false;
    listScopes(document.getElementById('scope-list'), clusters.filter(function (c) { return c.parent === null; }));
    applyScopes();
    clusterGroups.forEach(function (g, id) {
      const text = g.querySelector('text');
      if (text && clusterById.has(id)) { text.addEventListener('click', function () { toggle(id); }); }
    });
    document.getElementById('collapse-all').addEventListener('click', function () {
      clusters.forEach(function (c) { collapsed.add(c.id); });
      applyScopes();
    });
    document.getElementById('expand-all').addEventListener('click', function () {
      collapsed.clear();
      applyScopes();
    });
  }

  // ---- Zoom ----------------------------------------------------------------------------------
  const container = document.getElementById('graph');
  const naturalWidth = parseFloat(svg.getAttribute('width'));
  const naturalHeight = parseFloat(svg.getAttribute('height'));
  let scale = 1;

  function zoom(to) {
    scale = Math.max(0.05, Math.min(4, to));
    svg.setAttribute('width', (naturalWidth * scale) + 'pt');
    svg.setAttribute('height', (naturalHeight * scale) + 'pt');
  }

  function fitScale() {
    const pixels = 4 / 3; // Graphviz sizes the SVG in points
    return Math.min((container.clientWidth - 16) / (naturalWidth * pixels), (container.clientHeight - 16) / (naturalHeight * pixels));
  }

  document.getElementById('zoom-in').addEventListener('click', function () { zoom(scale * 1.25); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(scale / 1.25); });
  document.getElementById('zoom-fit').addEventListener('click', function () { zoom(fitScale()); });

  // ---- Keyboard ------------------------------------------------------------------------------
  document.addEventListener('keydown', function (event) {
    if (event.target === search || event.ctrlKey || event.metaKey || event.altKey) { return; }
    const actions = {
      ArrowRight: function () { go(step + 1); }, n: function () { go(step + 1); },
      ArrowLeft: function () { go(step - 1); }, p: function () { go(step - 1); },
      Home: function () { go(-1); }, r: function () { go(-1); },
      '/': function () { search.focus(); },
      '+': function () { zoom(scale * 1.25); }, '=': function () { zoom(scale * 1.25); },
      '-': function () { zoom(scale / 1.25); }, '0': function () { zoom(fitScale()); },
    };
    if (Object.prototype.hasOwnProperty.call(actions, event.key)) {
      event.preventDefault();
      actions[event.key]();
    }
  });

  // A graph that fits at a readable size fills the window; a larger one starts readable, to be scrolled or zoomed out.
  const fit = fitScale();
  zoom(fit >= 0.4 ? Math.min(1.5, fit) : 0.8);
  renderStep();
}());
