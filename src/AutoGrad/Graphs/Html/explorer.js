// The AutoGrad graph explorer: plain JavaScript over the Graphviz SVG above and the JSON in
// #graph-data. It loads nothing and writes user text only through textContent, never as markup.
(function () {
  'use strict';

  const data = JSON.parse(document.getElementById('graph-data').textContent);
  const nodes = data.nodes; // topological order: nodes[i].step === i
  const count = nodes.length;
  const byId = new Map(nodes.map(function (n) { return [n.id, n]; }));
  const boxById = new Map(data.boxes.map(function (b) { return [b.id, b]; }));
  const container = document.getElementById('graph');
  const svg = container.querySelector('svg');
  const graphGroup = svg.querySelector('g.graph') || svg;

  function titleOf(g) {
    const title = g.querySelector('title');
    return title ? title.textContent : '';
  }

  // Graphviz names each SVG group by its DOT id in <title>: "v3" for a value, "v3_op" for its op oval,
  // "s0" for a scope drawn as a box, "g0" for a group of parameters. The data says which of them shows
  // each value (shownBy), with the same ids: the drawing and the data number the values one way.
  const nodeGroups = new Map(); // DOT node name -> SVG group
  svg.querySelectorAll('g.node').forEach(function (g) { nodeGroups.set(titleOf(g), g); });
  function ownNames(n) { return n.shownBy === n.id ? [n.id + '_op', n.id] : [n.shownBy]; }
  nodes.forEach(function (n) {
    if (n.shownBy === n.id) {
      ownNames(n).forEach(function (name) { const g = nodeGroups.get(name); if (g) { g.dataset.value = n.id; } });
    }
  });
  const membersOfBox = new Map(data.boxes.map(function (b) { return [b.id, []]; }));
  nodes.forEach(function (n) { if (membersOfBox.has(n.shownBy)) { membersOfBox.get(n.shownBy).push(n); } });
  membersOfBox.forEach(function (members, id) { const g = nodeGroups.get(id); if (g) { g.dataset.box = id; } });

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

  // Each value box's "grad …" text, so the passes can hide a gradient until the backward pass reaches it.
  const gradTexts = new Map();
  nodes.forEach(function (n) {
    const g = n.shownBy === n.id ? nodeGroups.get(n.id) : null;
    if (!g) { return; }
    g.querySelectorAll('text').forEach(function (t) {
      if (t.textContent.startsWith('grad ')) { gradTexts.set(n.id, { element: t, text: t.textContent }); }
    });
  });

  // What the picture calls an op: the text of its oval, or the bold op cell of a folded box ("+ 1", "× 2").
  function drawnOp(n) {
    const oval = nodeGroups.get(n.id + '_op');
    if (oval) { return Array.from(oval.querySelectorAll('text')).map(function (t) { return t.textContent; }).join(' '); }
    return n.symbol;
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
    return String(Number(v.toPrecision(6))).replace('-', '−');
  }

  // A factor in a product: negative numbers in parentheses, as written by hand.
  function factor(x) {
    const text = shown(x);
    return text.startsWith('−') ? '(' + text + ')' : text;
  }

  function putNumber(element, x) {
    element.textContent = shown(x);
    element.title = String(exact(x));
    element.dataset.exact = String(exact(x));
    element.classList.toggle('nonfinite', !Number.isFinite(exact(x)));
  }

  function putUnknown(element, text) {
    element.textContent = text;
    element.title = '';
    delete element.dataset.exact;
    element.classList.remove('nonfinite');
    element.classList.add('unknown');
  }

  // A value's name as the picture shows it: its label; else its op as drawn, in brackets ("[× 2]"); else (a constant) its number.
  function nameOf(n) {
    if (n.label !== '') { return n.label; }
    if (n.inputs.length > 0) { return '[' + drawnOp(n) + ']'; }
    return 'constant ' + shown(n.data);
  }

  // The op applied to its operands as written by hand: "a × b", "tanh(a)", "(a)^2".
  function applied(n, operands) {
    const infix = ['+', '−', '×', '÷', '-', '*', '/'];
    if (operands.length === 2 && infix.indexOf(n.symbol) >= 0) { return operands[0] + ' ' + n.symbol + ' ' + operands[1]; }
    if (operands.length === 1 && n.symbol.startsWith('^')) { return '(' + operands[0] + ')' + n.symbol; }
    return n.symbol + '(' + operands.join(', ') + ')';
  }

  function make(tag, text) {
    const element = document.createElement(tag);
    if (text !== undefined) { element.textContent = text; }
    return element;
  }

  // Qualified names break only after a dot or a slash, never inside a word.
  function nameCell(tag, text) {
    const element = make(tag);
    text.split(/(?<=[./])/).forEach(function (part, i) {
      if (i > 0) { element.appendChild(document.createElement('wbr')); }
      element.appendChild(document.createTextNode(part));
    });
    return element;
  }

  function numberCell(x, known) {
    const cell = make('td');
    if (known) { putNumber(cell, x); } else { putUnknown(cell, '—'); }
    return cell;
  }

  // ---- Where the passes are ------------------------------------------------------------------
  // step −1: the finished computation; 0..N−1 the forward pass in topological order; N..2N−1 the backward pass in reverse.
  let step = -1;
  function backwardAt() { return step >= count ? count - 1 - (step - count) : null; }
  function gradKnown(n) {
    if (step < 0) { return true; }
    const at = backwardAt();
    return at !== null && n.step >= at;
  }

  // ---- Collapsed scopes: which element shows a value now ---------------------------------------
  const clusters = data.clusters;
  const clusterById = new Map(clusters.map(function (c) { return [c.id, c]; }));
  const childrenOf = new Map(clusters.map(function (c) { return [c.id, []]; }));
  clusters.forEach(function (c) { if (c.parent !== null) { childrenOf.get(c.parent).push(c); } });
  const clusterGroups = new Map();
  svg.querySelectorAll('g.cluster').forEach(function (g) { clusterGroups.set(titleOf(g), g); });
  // Graphviz's positions, read once: a re-layout only writes, so the browser lays the page out once per change.
  const naturalBox = new Map();
  nodeGroups.forEach(function (g) { naturalBox.set(g, g.getBBox()); });
  clusterGroups.forEach(function (g) { naturalBox.set(g, g.getBBox()); });
  const collapsed = new Set();
  const hiddenIn = new Map(); // DOT node name -> the box of the collapsed scope drawn in its place
  const overlayMembers = new Map(); // box of a collapsed scope -> the values inside it

  // The elements that show n now: its box and op oval, or the box of the scope it is collapsed in.
  function showing(n) {
    const found = [];
    ownNames(n).forEach(function (name) {
      const g = hiddenIn.get(name) || nodeGroups.get(name);
      if (g && found.indexOf(g) < 0) { found.push(g); }
    });
    return found;
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
    if (typeof value === 'string') { dd.textContent = value; } else if (value.unknown) { putUnknown(dd, value.unknown); } else { putNumber(dd, value.number); }
    if (id) { dd.id = id; }
    details.facts.appendChild(dd);
    return dd;
  }

  function showDetails(n) {
    details.title.textContent = nameOf(n);
    details.title.dataset.node = n.id;
    delete details.title.dataset.box;
    details.hint.hidden = true;
    details.facts.replaceChildren();
    const known = gradKnown(n);
    fact('op', n.op === 'Leaf' ? 'leaf (input, parameter or constant)' : drawnOp(n) + '  (' + n.op + ')', 'details-op');
    fact('value', { number: n.data }, 'details-data');
    fact('gradient', known ? { number: n.grad } : { unknown: 'not yet: the backward pass has not reached it' }, 'details-grad');
    fact('forward step', (n.step + 1) + ' of ' + count);
    fact('backward step', (count - n.step) + ' of ' + count);
    fact('scope', n.scope.length > 0 ? n.scope.join(' / ') : '—');

    const inputRows = details.inputs.tBodies[0];
    inputRows.replaceChildren();
    n.inputs.forEach(function (input) {
      const row = make('tr');
      row.dataset.input = input.id;
      row.appendChild(nameCell('td', nameOf(byId.get(input.id))));
      const local = numberCell(input.local, true); local.className = 'local'; row.appendChild(local);
      const upstream = numberCell(n.grad, known); upstream.classList.add('upstream'); row.appendChild(upstream);
      const contribution = numberCell(input.contribution, known); contribution.classList.add('contribution'); row.appendChild(contribution);
      inputRows.appendChild(row);
    });
    details.inputs.hidden = n.inputs.length === 0;

    const consumerRows = details.consumers.tBodies[0];
    consumerRows.replaceChildren();
    consumers.get(n.id).forEach(function (use) {
      const row = make('tr');
      row.appendChild(nameCell('td', nameOf(use.node) + ' (input ' + (use.index + 1) + ')'));
      row.appendChild(numberCell(use.node.inputs[use.index].contribution, gradKnown(use.node)));
      consumerRows.appendChild(row);
    });
    if (n.id === data.root) {
      const row = make('tr');
      row.appendChild(make('td', 'the output itself: ∂out/∂out'));
      row.appendChild(numberCell(1, known));
      consumerRows.appendChild(row);
    }
    details.consumers.hidden = consumerRows.rows.length === 0;

    inputEdges.forEach(function (edge) { edge.group.classList.remove('input-edge'); });
    inputEdges = (edgesInto.get(n.id) || []);
    inputEdges.forEach(function (edge) { edge.group.classList.add('input-edge'); });
  }

  // A box stands for many values: say which scope, how many, and what leaves it.
  function showBoxDetails(name, members, expandable) {
    details.title.textContent = '▸ ' + name;
    details.title.dataset.box = name;
    delete details.title.dataset.node;
    details.hint.hidden = true;
    details.facts.replaceChildren();
    fact('holds', members.length + ' values', 'details-holds');
    const inside = new Set(members.map(function (n) { return n.id; }));
    const outputs = members.filter(function (n) {
      return n.id === data.root || consumers.get(n.id).some(function (use) { return !inside.has(use.node.id); });
    });
    outputs.slice(0, 8).forEach(function (n) {
      fact('out: ' + nameOf(n), gradKnown(n) ? shown(n.data) + ', grad ' + shown(n.grad) : shown(n.data) + ', grad not yet');
    });
    if (outputs.length > 8) { fact('', '… ' + (outputs.length - 8) + ' more values leave it'); }
    fact('', expandable ? 'Click the box (or its scope in the list) to expand it.' : 'Drawn as a box when the page was made (Collapse or MaxNodes); write the page with Expand naming this scope to see inside.');
    details.inputs.hidden = true;
    details.consumers.hidden = true;
  }

  function select(n) {
    if (pinned !== null) { showing(pinned).forEach(function (g) { g.classList.remove('selected'); }); }
    pinned = n;
    if (n !== null) {
      showing(n).forEach(function (g) { g.classList.add('selected'); });
      showDetails(n);
    }
  }

  nodes.forEach(function (n) {
    if (n.shownBy !== n.id) { return; }
    ownNames(n).forEach(function (name) {
      const g = nodeGroups.get(name);
      if (!g) { return; }
      g.addEventListener('mouseenter', function () { showDetails(n); });
      g.addEventListener('mouseleave', function () { if (pinned !== null && pinned !== n) { showDetails(pinned); } });
      g.addEventListener('click', function () { if (dragged) { return; } select(pinned === n ? null : n); if (pinned === null) { showDetails(n); } });
    });
  });
  membersOfBox.forEach(function (members, id) {
    const g = nodeGroups.get(id);
    if (!g) { return; }
    g.addEventListener('mouseenter', function () { showBoxDetails(boxById.get(id).name, members, false); });
    g.addEventListener('mouseleave', function () { if (pinned !== null) { showDetails(pinned); } });
  });

  // ---- Stepping through the passes -----------------------------------------------------------
  const stepBack = document.getElementById('step-back');
  const stepNext = document.getElementById('step-next');
  const phase = document.getElementById('step-phase');
  const stepText = document.getElementById('step-text');
  const stepValue = document.getElementById('step-value');
  const intro = phase.textContent;

  // The pass's state of a value: done, current, or pending.
  function stateOf(n) {
    if (step < 0) { return ''; }
    const at = step < count ? step : backwardAt();
    if (n.step === at) { return 'current'; }
    if (step < count) { return n.step < at ? 'done' : 'pending'; }
    return n.step > at ? 'done' : 'pending';
  }

  // An element shows one value or a box of many: current if any is, done or pending if all are, else partly done.
  const elementClass = new Map();
  function elementsAndMembers() {
    const members = new Map();
    nodes.forEach(function (n) {
      const names = n.shownBy === n.id || membersOfBox.has(n.shownBy) ? ownNames(n) : [];
      names.forEach(function (name) {
        const g = hiddenIn.get(name) || nodeGroups.get(name);
        if (!g) { return; }
        if (!members.has(g)) { members.set(g, []); }
        const list = members.get(g);
        if (list[list.length - 1] !== n) { list.push(n); }
      });
    });
    return members;
  }
  let members = null;

  function paint() {
    if (members === null) { members = elementsAndMembers(); }
    members.forEach(function (list, g) {
      let className = '';
      if (step >= 0) {
        const states = new Set(list.map(stateOf));
        className = states.has('current') ? 'current' : states.size === 1 ? states.values().next().value : 'partial';
      }
      const before = elementClass.get(g) || '';
      if (before !== className) {
        if (before !== '') { g.classList.remove(before); }
        if (className !== '') { g.classList.add(className); }
        elementClass.set(g, className);
      }
    });
    gradTexts.forEach(function (t, id) {
      const text = gradKnown(byId.get(id)) ? t.text : 'grad ?';
      if (t.element.textContent !== text) { t.element.textContent = text; }
    });
    container.classList.toggle('forward', step >= 0 && step < count);
    container.classList.toggle('backward', step >= count);
  }

  function span(text, className) {
    const element = make('span', text);
    if (className) { element.className = className; }
    return element;
  }

  // The arithmetic of a backward step: each use's upstream gradient times its local derivative, named by its source.
  function backwardLine(n) {
    stepText.replaceChildren();
    if (n.id === data.root) {
      stepText.append('grad(' + nameOf(n) + ') = ∂out/∂out = ');
      return;
    }
    stepText.append('grad(' + nameOf(n) + ') = ');
    const uses = consumers.get(n.id);
    uses.slice(0, 6).forEach(function (use, i) {
      if (i > 0) { stepText.append(' + '); }
      const term = span(factor(use.node.grad) + ' × ' + factor(use.node.inputs[use.index].local), 'term');
      term.dataset.from = use.node.id;
      term.dataset.upstream = String(exact(use.node.grad));
      term.dataset.local = String(exact(use.node.inputs[use.index].local));
      term.title = 'grad(' + nameOf(use.node) + ') × ∂' + nameOf(use.node) + '/∂' + nameOf(n);
      stepText.append(term, span(' from ' + nameOf(use.node), 'source'));
    });
    if (uses.length > 6) { stepText.append(span(' + … (' + (uses.length - 6) + ' more uses)', 'more')); }
    stepText.append(' = ');
  }

  function forwardLine(n) {
    stepText.replaceChildren();
    if (n.inputs.length === 0) {
      stepText.append(nameOf(n) + ' is a leaf = ');
      return;
    }
    const names = n.inputs.map(function (i) { const m = byId.get(i.id); return m.label === '' && m.inputs.length === 0 ? shown(m.data) : nameOf(m); });
    const values = n.inputs.map(function (i) { return factor(byId.get(i.id).data); });
    stepText.append(nameOf(n) + ' = ' + applied(n, names) + ' = ' + applied(n, values) + ' = ');
  }

  let current = null;
  function renderStep() {
    stepBack.disabled = step < 0;
    stepNext.disabled = step >= 2 * count - 1;
    paint();
    if (step < 0) {
      phase.textContent = intro;
      stepText.replaceChildren();
      stepValue.textContent = '';
      delete stepValue.dataset.node;
      delete stepValue.dataset.phase;
      delete stepValue.dataset.exact;
      current = null;
      if (pinned !== null) { showDetails(pinned); }
      return;
    }

    let n;
    if (step < count) {
      n = nodes[step];
      phase.textContent = 'Forward ' + (step + 1) + '/' + count + ':';
      forwardLine(n);
      putNumber(stepValue, n.data);
      stepValue.dataset.phase = 'forward';
    } else {
      n = nodes[backwardAt()];
      phase.textContent = 'Backward ' + (count - n.step) + '/' + count + ':';
      backwardLine(n);
      putNumber(stepValue, n.grad);
      stepValue.dataset.phase = 'backward';
    }

    stepValue.dataset.node = n.id;
    current = n;
    showDetails(n);
    const element = showing(n).slice(-1)[0];
    if (element) { revealSoon(element); }
  }

  function go(to) {
    step = Math.max(-1, Math.min(2 * count - 1, to));
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
  let matchedElements = [];

  function runSearch() {
    const query = search.value.trim().toLowerCase();
    matches = query === '' ? [] : nodes.filter(function (n) { return n.label.toLowerCase().includes(query); });
    matchAt = -1;
    matchedElements.forEach(function (g) { g.classList.remove('match'); });
    matchedElements = [];
    let inBoxes = 0;
    matches.forEach(function (n) {
      const elements = showing(n);
      if (elements.some(function (g) { return !g.dataset.value; })) { inBoxes++; }
      elements.forEach(function (g) { g.classList.add('match'); matchedElements.push(g); });
    });
    searchCount.textContent = query === '' ? ''
      : matches.length + (matches.length === 1 ? ' match' : ' matches') + (inBoxes > 0 ? ' (' + inBoxes + ' inside collapsed boxes; Enter opens them)' : '');
  }

  search.addEventListener('input', runSearch);
  search.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && matches.length > 0) {
      matchAt = (matchAt + 1) % matches.length;
      const n = matches[matchAt];
      openAround(n);
      select(n);
      const element = showing(n).slice(-1)[0];
      if (element) { revealSoon(element, 'center'); }
    } else if (event.key === 'Escape') {
      search.value = '';
      runSearch();
      search.blur();
    }
  });

  // ---- Scopes: collapse a cluster to one box, expand it again ---------------------------------
  const nodeCluster = new Map(); // DOT node name -> its innermost cluster
  clusters.forEach(function (c) { c.nodes.forEach(function (name) { nodeCluster.set(name, c.id); }); });

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

  // Expands every scope around a value, so the search can show it.
  function openAround(n) {
    let changed = false;
    ownNames(n).forEach(function (name) {
      for (let c = nodeCluster.get(name); c !== undefined && c !== null; c = clusterById.get(c).parent) {
        if (collapsed.delete(c)) { changed = true; }
      }
    });
    if (changed) { applyScopes(); }
  }

  function applyScopes() {
    relayout(); // back to Graphviz's positions, then move for the new set of boxes
    svg.querySelectorAll('.hidden-by-scope').forEach(function (e) { e.classList.remove('hidden-by-scope'); });
    svg.querySelectorAll('g.collapsed-box').forEach(function (e) { e.remove(); });
    hiddenIn.clear();
    overlayMembers.clear();
    const boxes = [];
    clusters.forEach(function (c) {
      if (!collapsed.has(c.id) || hiddenByAncestor(c) || !clusterGroups.has(c.id)) { return; }
      const inside = within(c, []);
      const names = new Set();
      inside.forEach(function (d) { d.nodes.forEach(function (name) { names.add(name); }); });
      boxes.push({ cluster: c, box: naturalBox.get(clusterGroups.get(c.id)), names: names, inside: inside });
    });
    boxes.forEach(function (b) {
      const group = document.createElementNS('http://www.w3.org/2000/svg', 'g');
      group.setAttribute('class', 'collapsed-box');
      group.dataset.cluster = b.cluster.id;
      b.names.forEach(function (name) {
        const g = nodeGroups.get(name);
        if (g) { g.classList.add('hidden-by-scope'); hiddenIn.set(name, group); }
      });
      edges.forEach(function (edge) {
        if (b.names.has(edge.from) && b.names.has(edge.to)) { edge.group.classList.add('hidden-by-scope'); }
      });
      b.inside.forEach(function (d) { const g = clusterGroups.get(d.id); if (g) { g.classList.add('hidden-by-scope'); } });
      const inside = nodes.filter(function (n) { return ownNames(n).some(function (name) { return b.names.has(name); }); });
      overlayMembers.set(group, inside);
      const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      const label = document.createElementNS('http://www.w3.org/2000/svg', 'text');
      label.textContent = '▸ ' + b.cluster.name + ' (' + inside.length + ' values)';
      const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.textContent = 'Click to expand ' + b.cluster.name;
      group.append(title, rect, label);
      group.addEventListener('click', function () { if (!dragged) { toggle(b.cluster.id); } });
      group.addEventListener('mouseenter', function () { showBoxDetails(b.cluster.name, inside, true); });
      group.addEventListener('mouseleave', function () { if (pinned !== null) { showDetails(pinned); } });
      graphGroup.appendChild(group);
      b.group = group; b.rect = rect; b.label = label;
    });
    compact(boxes);
    scopeButtons.forEach(function (button, id) {
      const open = !collapsed.has(id) && !hiddenByAncestor(clusterById.get(id));
      button.textContent = (open ? '▾ ' : '▸ ') + clusterById.get(id).name;
      button.setAttribute('aria-expanded', String(open));
    });
    members = null;
    if (matches.length > 0) { runSearch(); }
    paint();
    if (current !== null) { const element = showing(current).slice(-1)[0]; if (element) { revealSoon(element); } }
  }

  // ---- Re-layout: a collapsed scope's box takes the place of its contents, and the rest moves closer.
  // Graphviz laid the graph out once; a box is much smaller than the scope it replaces, so along the
  // rank direction everything past the scope moves back by the space it freed, and across it the
  // rows past the scope move up. Positions are a piecewise-linear squeeze of each axis, applied to
  // every node, cluster and edge, so edges still meet the boxes they join.
  const rankDirection = data.direction === 'TB' ? 'y' : 'x';
  const boxSize = { x: 150, y: 36 }; // a collapsed scope's box, in SVG units
  const moved = []; // every attribute the last re-layout changed, with its Graphviz value

  function setMoved(element, attribute, value) {
    moved.push({ element: element, attribute: attribute, original: element.getAttribute(attribute) });
    element.setAttribute(attribute, value);
  }

  function relayout() {
    for (let i = moved.length - 1; i >= 0; i--) {
      const m = moved[i];
      if (m.original === null) { m.element.removeAttribute(m.attribute); } else { m.element.setAttribute(m.attribute, m.original); }
    }
    moved.length = 0;
  }

  // The squeeze of one axis: each collapsed interval [from, to] shrinks to its box's size.
  function squeeze(intervals) {
    const merged = [];
    intervals.slice().sort(function (a, b) { return a.from - b.from; }).forEach(function (c) {
      const last = merged[merged.length - 1];
      if (last && c.from <= last.to) { last.to = Math.max(last.to, c.to); } else { merged.push({ from: c.from, to: c.to, size: c.size }); }
    });
    return function (v) {
      let shift = 0;
      merged.forEach(function (m) {
        const freed = Math.max(0, (m.to - m.from) - m.size);
        if (v >= m.to) { shift += freed; } else if (v > m.from) { shift += freed * (v - m.from) / (m.to - m.from); }
      });
      return v - shift;
    };
  }

  // An interval of an axis can shrink only where nothing drawn outside the collapsed scopes overlaps it.
  function freeIntervals(boxes, axis) {
    const occupied = [];
    nodeGroups.forEach(function (g, name) {
      if (hiddenIn.has(name)) { return; }
      const b = naturalBox.get(g);
      occupied.push(axis === 'x' ? [b.x, b.x + b.width] : [b.y, b.y + b.height]);
    });
    const intervals = [];
    boxes.forEach(function (b) {
      const from = axis === 'x' ? b.box.x : b.box.y;
      const to = from + (axis === 'x' ? b.box.width : b.box.height);
      if (!occupied.some(function (o) { return o[0] < to && o[1] > from; })) {
        intervals.push({ from: from, to: to, size: boxSize[axis] + 16 });
      }
    });
    return intervals;
  }

  function compact(boxes) {
    if (boxes.length === 0) { resize(naturalWidth, naturalHeight); return; }
    const fx = squeeze(freeIntervals(boxes, 'x'));
    const fy = squeeze(freeIntervals(boxes, 'y'));
    const far = 1e9; // the drawing shrinks by what the squeeze takes out of each axis
    resize(naturalWidth - (far - fx(far)), naturalHeight - (far - fy(far)));
    function mapPairs(text) {
      return text.replace(/(-?[0-9.]+),(-?[0-9.]+)/g, function (_, x, y) { return fx(Number(x)).toFixed(2) + ',' + fy(Number(y)).toFixed(2); });
    }
    function mapShape(element) {
      if (element.hasAttribute('points')) { setMoved(element, 'points', mapPairs(element.getAttribute('points'))); }
      if (element.tagName === 'path') { setMoved(element, 'd', mapPairs(element.getAttribute('d'))); }
    }
    function mapText(element) {
      const x = Number(element.getAttribute('x')), y = Number(element.getAttribute('y'));
      setMoved(element, 'x', String(fx(x)));
      setMoved(element, 'y', String(fy(y)));
    }
    // Nodes keep their size and move with their centre.
    nodeGroups.forEach(function (g, name) {
      if (hiddenIn.has(name)) { return; }
      const b = naturalBox.get(g);
      const cx = b.x + b.width / 2, cy = b.y + b.height / 2;
      const dx = fx(cx) - cx, dy = fy(cy) - cy;
      if (Math.abs(dx) > 0.01 || Math.abs(dy) > 0.01) { setMoved(g, 'transform', 'translate(' + dx + ' ' + dy + ')'); }
    });
    // Scopes around a collapsed one shrink with it.
    clusterGroups.forEach(function (g) {
      if (g.classList.contains('hidden-by-scope')) { return; }
      g.querySelectorAll('polygon, path').forEach(mapShape);
      g.querySelectorAll('text').forEach(mapText);
    });
    boxes.forEach(function (b) {
      const x = fx(b.box.x), y = fy(b.box.y);
      const width = Math.max(Math.min(b.box.width, boxSize.x), fx(b.box.x + b.box.width) - x);
      const height = Math.max(Math.min(b.box.height, boxSize.y), fy(b.box.y + b.box.height) - y);
      b.rect.setAttribute('x', x); b.rect.setAttribute('y', y);
      b.rect.setAttribute('width', width); b.rect.setAttribute('height', height);
      b.label.setAttribute('x', x + 8);
      b.label.setAttribute('y', y + 20);
      b.group.dataset.x = x; b.group.dataset.y = y; b.group.dataset.width = width; b.group.dataset.height = height;
    });
    edges.forEach(function (edge) {
      if (edge.group.classList.contains('hidden-by-scope')) { return; }
      const fromBox = hiddenIn.get(edge.from), toBox = hiddenIn.get(edge.to);
      edge.group.querySelectorAll('polygon, path').forEach(mapShape);
      edge.group.querySelectorAll('text').forEach(mapText);
      const path = edge.group.querySelector('path');
      if (path && (fromBox || toBox)) {
        // Into or out of a box: a curve from the box's side, or to it; the arrowhead stays only on the open end.
        const points = (path.getAttribute('d').match(/-?[0-9.]+,-?[0-9.]+/g) || []).map(function (p) { return p.split(',').map(Number); });
        const start = fromBox ? boxAnchor(fromBox, points[points.length - 1]) : points[0];
        const end = toBox ? boxAnchor(toBox, points[0]) : points[points.length - 1];
        const bend = rankDirection === 'x' ? [(start[0] + end[0]) / 2, start[1], (start[0] + end[0]) / 2, end[1]] : [start[0], (start[1] + end[1]) / 2, end[0], (start[1] + end[1]) / 2];
        path.setAttribute('d', 'M' + start.join(',') + 'C' + bend[0] + ',' + bend[1] + ' ' + bend[2] + ',' + bend[3] + ' ' + end.join(','));
        if (toBox) { edge.group.querySelectorAll('polygon').forEach(function (head) { setMoved(head, 'visibility', 'hidden'); }); }
      }
    });
  }

  function boxAnchor(box, toward) {
    const x = Number(box.dataset.x), y = Number(box.dataset.y), w = Number(box.dataset.width), h = Number(box.dataset.height);
    const cx = x + w / 2, cy = y + h / 2;
    if (rankDirection === 'x') { return [toward[0] < cx ? x : x + w, cy]; }
    return [cx, toward[1] < cy ? y : y + h];
  }

  function toggle(id) {
    if (collapsed.has(id)) { collapsed.delete(id); } else { collapsed.add(id); }
    applyScopes();
  }

  const scopeButtons = new Map();
  function listScopes(list, children) {
    // In name order, numbers by value: layer 2 before layer 10, whatever order the graph met them in.
    children.slice().sort(function (a, b) { return a.name.localeCompare(b.name, 'en', { numeric: true }); }).forEach(function (c) {
      const item = make('li');
      const button = make('button');
      button.type = 'button';
      button.dataset.cluster = c.id;
      button.addEventListener('click', function () { toggle(c.id); });
      scopeButtons.set(c.id, button);
      item.appendChild(button);
      const grandchildren = childrenOf.get(c.id);
      if (grandchildren.length > 0) {
        const sublist = make('ul');
        listScopes(sublist, grandchildren);
        item.appendChild(sublist);
      }
      list.appendChild(item);
    });
  }

  if (clusters.length > 0) {
    document.getElementById('scopes').hidden = false;
    listScopes(document.getElementById('scope-list'), clusters.filter(function (c) { return c.parent === null; }));
    clusterGroups.forEach(function (g, id) {
      const text = g.querySelector('text');
      if (text && clusterById.has(id)) { text.addEventListener('click', function () { if (!dragged) { toggle(id); } }); }
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

  // ---- Zoom and pan ----------------------------------------------------------------------------
  // The drawing sits in a margin of half the window on every side, so any point of it can be
  // scrolled under the cursor: the wheel zooms around the cursor even at the drawing's edge.
  const naturalWidth = parseFloat(svg.getAttribute('width'));
  const naturalHeight = parseFloat(svg.getAttribute('height'));
  const pixels = 4 / 3; // Graphviz sizes the SVG in points
  const zoomNote = document.getElementById('zoom-note');
  // The smallest text a node carries (Graphviz writes font-size in points); readable means ≥ 12 px on screen.
  const smallestFont = Math.min.apply(null, Array.from(svg.querySelectorAll('g.node text')).map(function (t) { return parseFloat(t.getAttribute('font-size')) || 14; }).concat([14]));
  const readableScale = 12 / (smallestFont * pixels);
  let scale = 1;
  let width = naturalWidth, height = naturalHeight;

  function marginX() { return Math.round(container.clientWidth / 2); }
  function marginY() { return Math.round(container.clientHeight / 2); }

  function size() {
    svg.setAttribute('width', (width * scale) + 'pt');
    svg.setAttribute('height', (height * scale) + 'pt');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.style.margin = marginY() + 'px ' + marginX() + 'px';
  }

  // After a re-layout the drawing is smaller: it keeps its top left corner.
  function resize(w, h) {
    if (w === width && h === height) { return; }
    width = w; height = h;
    size();
  }

  function zoom(to, aroundX, aroundY) {
    const before = scale;
    scale = Math.max(0.05, Math.min(6, to));
    const cx = aroundX === undefined ? container.clientWidth / 2 : aroundX;
    const cy = aroundY === undefined ? container.clientHeight / 2 : aroundY;
    const mx = marginX(), my = marginY();
    const px = (container.scrollLeft + cx - mx) / before, py = (container.scrollTop + cy - my) / before;
    size();
    container.scrollLeft = px * scale + mx - cx;
    container.scrollTop = py * scale + my - cy;
    zoomNote.textContent = scale < readableScale - 1e-9 ? 'Text is below 12 px at this zoom.' : '';
    container.dataset.scale = String(scale);
  }

  function fitScale() {
    return Math.min((container.clientWidth - 16) / (width * pixels), (container.clientHeight - 16) / (height * pixels));
  }

  // Fit the whole graph when its text stays readable; else show the output and its inputs at the smallest readable size, and say so.
  function fitReadable() {
    const fit = fitScale();
    if (fit >= readableScale) {
      zoom(Math.min(1.5, fit));
      container.scrollLeft = marginX() + (width * pixels * scale) / 2 - container.clientWidth / 2;
      container.scrollTop = marginY() + (height * pixels * scale) / 2 - container.clientHeight / 2;
      return;
    }
    zoom(readableScale);
    zoomNote.textContent = 'Showing a region: the whole graph would make text smaller than 12 px. Scroll, drag or zoom out (−) to see more.';
    showOutput();
  }

  // Centres the output node and its inputs in the window.
  function showOutput() {
    const root = byId.get(data.root);
    let shownNow = showing(root);
    root.inputs.forEach(function (i) { shownNow = shownNow.concat(showing(byId.get(i.id))); });
    const frame = container.getBoundingClientRect();
    let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    shownNow.forEach(function (g) {
      const r = g.getBoundingClientRect();
      left = Math.min(left, r.left); top = Math.min(top, r.top); right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
    });
    if (!Number.isFinite(left)) { return; }
    // The output stays in view even when its inputs are too far apart to fit with it.
    const span = Math.min(right - left, frame.width - 16);
    container.scrollLeft += (right - span) - frame.left - (frame.width - span) / 2;
    container.scrollTop += (top + bottom) / 2 - frame.top - frame.height / 2;
  }

  document.getElementById('zoom-in').addEventListener('click', function () { zoom(scale * 1.25); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(scale / 1.25); });
  document.getElementById('zoom-fit').addEventListener('click', fitReadable);

  // Wheel zooms around the cursor; drag pans.
  container.addEventListener('wheel', function (event) {
    event.preventDefault();
    const frame = container.getBoundingClientRect();
    zoom(scale * Math.pow(1.0015, -event.deltaY), event.clientX - frame.left, event.clientY - frame.top);
  }, { passive: false });

  let drag = null;
  let dragged = false;
  container.addEventListener('pointerdown', function (event) {
    if (event.button !== 0) { return; }
    drag = { x: event.clientX, y: event.clientY, left: container.scrollLeft, top: container.scrollTop };
    dragged = false;
  });
  window.addEventListener('pointermove', function (event) {
    if (drag === null) { return; }
    const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) { return; }
    dragged = true;
    container.classList.add('dragging');
    container.scrollLeft = drag.left - dx;
    container.scrollTop = drag.top - dy;
  });
  window.addEventListener('pointerup', function () {
    drag = null;
    container.classList.remove('dragging');
    setTimeout(function () { dragged = false; }, 0);
  });

  // Scrolling needs a layout; do it once per frame, for the latest step only, so holding → stays fast.
  let revealTarget = null;
  function revealSoon(element, where) {
    if (revealTarget === null) {
      requestAnimationFrame(function () {
        const r = revealTarget.element.getBoundingClientRect(), frame = container.getBoundingClientRect();
        const inView = r.left >= frame.left && r.right <= frame.right && r.top >= frame.top && r.bottom <= frame.bottom;
        if (!inView || revealTarget.where === 'center') {
          container.scrollLeft += (r.left + r.right) / 2 - (frame.left + frame.right) / 2;
          container.scrollTop += (r.top + r.bottom) / 2 - (frame.top + frame.bottom) / 2;
        }
        revealTarget = null;
      });
    }
    revealTarget = { element: element, where: where || 'nearest' };
  }

  // ---- Keyboard ------------------------------------------------------------------------------
  document.addEventListener('keydown', function (event) {
    if (event.target === search || event.ctrlKey || event.metaKey || event.altKey) { return; }
    const actions = {
      ArrowRight: function () { go(step + 1); }, n: function () { go(step + 1); },
      ArrowLeft: function () { go(step - 1); }, p: function () { go(step - 1); },
      Home: function () { go(-1); }, r: function () { go(-1); },
      '/': function () { search.focus(); },
      '+': function () { zoom(scale * 1.25); }, '=': function () { zoom(scale * 1.25); },
      '-': function () { zoom(scale / 1.25); }, '0': fitReadable,
    };
    if (Object.prototype.hasOwnProperty.call(actions, event.key)) {
      event.preventDefault();
      actions[event.key]();
    }
  });

  if (clusters.length > 0) { applyScopes(); }
  fitReadable();
  renderStep();
}());
