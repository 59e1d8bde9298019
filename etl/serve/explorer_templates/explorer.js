// The explorer's only script (no inline script is allowed by the page's CSP): draws the
// neighbours graph from the JSON the page carries, and scrolls to a highlighted sentence.
(function () {
  "use strict";
  var COLORS = {body: "#1f77b4", person: "#d62728", law: "#2ca02c", project: "#ff7f0e", place: "#9467bd",
                meeting: "#8c564b", report: "#17becf", role: "#bcbd22"};
  var holder = document.getElementById("graph"), source = document.getElementById("graph-data");
  if (holder && source && window.vis) {
    var g = JSON.parse(source.textContent);
    var nodes = g.nodes.map(function (n) {
      return {id: n.id, label: n.label, size: n.size, shape: "dot",
              color: COLORS[n.group] || "#7f7f7f", title: n.group + ": " + n.label, font: {size: n.size > 15 ? 16 : 12}};
    });
    var edges = g.edges.map(function (e) {
      return {from: e.from, to: e.to, label: e.label, arrows: "to", font: {size: 9, color: "#777"}, color: {color: "#b8c2cc"}};
    });
    var net = new vis.Network(holder, {nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges)}, {
      physics: {solver: "forceAtlas2Based", stabilization: {iterations: 150}},
      interaction: {hover: true, tooltipDelay: 150}
    });
    net.once("stabilizationIterationsDone", function () { net.setOptions({physics: false}); window.lhExplorerReady = true; });
    net.on("click", function (p) {
      if (p.nodes.length) window.location.href = "/explore/entity?iri=" + encodeURIComponent(p.nodes[0]);
    });
    window.lhNetwork = net;
  }
  var focus = document.querySelector(".focus");
  if (focus) focus.scrollIntoView({block: "center"});
})();
