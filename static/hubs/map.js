/*
 * Hub maps (Leaflet, vendored under static/vendor/leaflet/).
 *
 * Every element with [data-hub-map] becomes a map of the county's municipal
 * boundaries (static/hubs/jamtland_kommuner.geojson, SCB) with one marker per
 * hub. The hubs come from the json_script element named by data-points-id.
 * The map is a supplement: the page always lists the same hubs in HTML.
 *
 * On the directory the filter form swaps the list with htmx; the new list
 * carries new hub data, and the markers are redrawn from it.
 */
(function () {
  "use strict";

  if (typeof window.L === "undefined") {
    return;
  }

  var COUNTY_BOUNDS = [
    [61.55, 11.9],
    [65.15, 17.2],
  ];
  var HUB_ZOOM = 8;
  var reduceMotion =
    window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;
  }

  function readPoints(container) {
    var source = document.getElementById(container.dataset.pointsId);
    if (!source) {
      return [];
    }
    try {
      return JSON.parse(source.textContent) || [];
    } catch (error) {
      return [];
    }
  }

  function popupContent(point, exampleLabel) {
    var box = document.createElement("div");
    box.className = "hub-popup";
    var heading = document.createElement("p");
    heading.className = "hub-popup-title";
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    heading.appendChild(link);
    if (point.example) {
      var badge = document.createElement("span");
      badge.className = "badge badge-example";
      badge.setAttribute("data-example-badge", "");
      badge.textContent = exampleLabel;
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(badge);
    }
    box.appendChild(heading);
    if (point.place) {
      var place = document.createElement("p");
      place.textContent = point.place;
      box.appendChild(place);
    }
    return box;
  }

  function drawMarkers(state) {
    var data = state.container.dataset;
    state.map.closePopup();
    state.markers.clearLayers();
    readPoints(state.container).forEach(function (point) {
      var label = point.example ? point.name + " (" + data.exampleLabel + ")" : point.name;
      L.marker([point.lat, point.lng], {
        icon: state.icon,
        title: label,
        alt: label,
        keyboard: true,
      })
        .bindPopup(popupContent(point, data.exampleLabel))
        .addTo(state.markers);
    });
  }

  function setUp(container) {
    var data = container.dataset;
    var map = L.map(container, {
      zoomControl: false,
      scrollWheelZoom: false,
      zoomAnimation: !reduceMotion,
      fadeAnimation: !reduceMotion,
      markerZoomAnimation: !reduceMotion,
    });
    L.control.zoom({ zoomInTitle: data.zoomInLabel, zoomOutTitle: data.zoomOutLabel }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');

    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { attribution: data.tileAttribution || "" }).addTo(map);
    }

    var state = {
      container: container,
      map: map,
      markers: L.layerGroup().addTo(map),
      icon: L.icon({
        iconUrl: data.iconUrl,
        iconRetinaUrl: data.iconRetinaUrl,
        shadowUrl: data.shadowUrl,
        iconSize: [25, 41],
        iconAnchor: [12, 41],
        popupAnchor: [1, -34],
        tooltipAnchor: [16, -28],
        shadowSize: [41, 41],
      }),
    };
    container.hubMap = state;
    drawMarkers(state);

    var points = readPoints(container);
    if (data.mode === "hub" && points.length) {
      map.setView([points[0].lat, points[0].lng], HUB_ZOOM);
    } else {
      map.fitBounds(COUNTY_BOUNDS);
    }

    fetch(data.boundariesUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("boundaries: HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (geojson) {
        var layer = L.geoJSON(geojson, {
          interactive: false,
          style: {
            color: "#1d5236",
            weight: 1.5,
            fillColor: "#e8f0ec",
            fillOpacity: data.tileUrl ? 0.15 : 0.8,
          },
        }).addTo(map);
        layer.bringToBack();
        map.attributionControl.addAttribution(escapeHtml(data.boundariesAttribution));
        if (data.mode !== "hub") {
          map.fitBounds(layer.getBounds());
        }
        container.setAttribute("data-boundaries-loaded", "true");
      })
      .catch(function () {
        /* The markers and the HTML list still work without the boundaries. */
      });
  }

  function setUpAll() {
    document.querySelectorAll("[data-hub-map]").forEach(function (container) {
      if (container.hubMap) {
        return;
      }
      // After an htmx history restore the container holds a dead copy of the
      // previous map's DOM: start from an empty element.
      container.innerHTML = "";
      container.className = container.className
        .split(/\s+/)
        .filter(function (name) {
          return name.indexOf("leaflet-") !== 0;
        })
        .join(" ");
      container.removeAttribute("tabindex");
      container.removeAttribute("data-boundaries-loaded");
      setUp(container);
    });
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "hub-results") {
      return;
    }
    document.querySelectorAll("[data-hub-map]").forEach(function (container) {
      if (container.hubMap) {
        drawMarkers(container.hubMap);
      }
    });
    var count = document.getElementById("hub-result-count");
    var status = document.getElementById("hub-results-status");
    if (count && status) {
      status.textContent = count.textContent;
    }
  });
  document.addEventListener("htmx:historyRestore", setUpAll);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
