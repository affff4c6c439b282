/* The handbook's calculators in the browser.
 *
 * The forms are written at build time by macros/calculators.py from data/calculators.yml, already
 * worked out for the chapter's example, so they read correctly without this file. This file
 * recomputes as the reader types, shows a message beside a field it cannot use (never NaN or
 * Infinity), keeps the inputs in the address (?seat-price.salary=70000&...) so a filled-in
 * calculator can be bookmarked or sent, and restores them on load. overrides/main.html loads it
 * only on pages holding a form with data-calculator (macros/pagescripts.py).
 *
 * The formulas below are the same as the Python ones in macros/calculators.py, name for name;
 * tests/test_calculators.py runs them under Node (module.exports) and compares the two.
 */
(function () {
  "use strict";

  // Paid hours of one full-time technician a year (52 weeks × 40 hours), where a form has no field for it.
  var PAID_HOURS_PER_YEAR = 2080;

  // numerator ÷ denominator, or null where that is not a finite number.
  function ratio(numerator, denominator) {
    if (denominator === 0) return null;
    var value = numerator / denominator;
    return isFinite(value) ? value : null;
  }

  function times(value, factor) {
    return value === null ? null : value * factor;
  }

  var FORMULAS = {
    "seat-price": function (v) {
      var loadedCostPerYear = v.salary * v.overhead_multiplier;
      var clientHoursPerYear = PAID_HOURS_PER_YEAR * v.utilisation_percent / 100;
      var loadedHourlyCost = ratio(loadedCostPerYear, clientHoursPerYear);
      var labourPerUser = times(loadedHourlyCost, v.hours_per_user);
      var costPerUser = labourPerUser === null ? null
        : v.tools_per_user + labourPerUser + v.delivery_overhead_per_user;
      return {
        loaded_cost_per_year: loadedCostPerYear,
        client_hours_per_year: clientHoursPerYear,
        loaded_hourly_cost: loadedHourlyCost,
        labour_per_user: labourPerUser,
        cost_per_user: costPerUser,
        price_per_user: costPerUser === null ? null : ratio(costPerUser, 1 - v.target_margin_percent / 100)
      };
    },
    "effective-rate": function (v) {
      var labourCost = v.hours * v.loaded_hourly_cost;
      var grossProfit = v.monthly_fee - labourCost;
      return {
        effective_rate: ratio(v.monthly_fee, v.hours),
        labour_cost: labourCost,
        gross_profit: grossProfit,
        margin_percent: times(ratio(grossProfit, v.monthly_fee), 100)
      };
    },
    "staffing": function (v) {
      var loadedCostPerYear = v.salary * v.overhead_multiplier;
      var ticketShare = v.utilisation_percent / 100;
      var ticketHoursPerWeek = v.tickets_per_week * v.hours_per_ticket;
      var techniciansNeeded = ratio(ticketHoursPerWeek, v.paid_hours_per_year / 52 * ticketShare);
      return {
        loaded_cost_per_year: loadedCostPerYear,
        loaded_hourly_cost: ratio(loadedCostPerYear, v.paid_hours_per_year * ticketShare),
        ticket_hours_per_week: ticketHoursPerWeek,
        technicians_needed: techniciansNeeded,
        team_cost_per_year: times(techniciansNeeded, loadedCostPerYear)
      };
    },
    "valuation": function (v) {
      var adjustedEbitda = v.revenue * v.adjusted_ebitda_percent / 100;
      return {
        adjusted_ebitda: adjustedEbitda,
        value: adjustedEbitda * v.multiple,
        value_low: adjustedEbitda * v.multiple_low,
        value_high: adjustedEbitda * v.multiple_high
      };
    },
    "automation-payback": function (v) {
      var hoursSavedPerMonth = (v.minutes_before - v.minutes_after) * v.runs_per_month / 60;
      return {
        hours_before_per_month: v.minutes_before * v.runs_per_month / 60,
        hours_saved_per_month: hoursSavedPerMonth,
        payback_months: hoursSavedPerMonth > 0 ? ratio(v.build_hours, hoursSavedPerMonth) : null
      };
    },
    "mdf-return": function (v) {
      var netCost = v.campaign_cost * (1 - v.mdf_share_percent / 100) + v.staff_hours * v.loaded_hourly_cost;
      var monthlyProfit = v.clients_won * v.monthly_fee_per_client * v.gross_margin_percent / 100;
      var grossProfit = monthlyProfit * v.months;
      return {
        net_cost: netCost,
        cost_per_client: ratio(netCost, v.clients_won),
        gross_profit: grossProfit,
        return_percent: netCost > 0 ? times(ratio(grossProfit - netCost, netCost), 100) : null,
        payback_months: monthlyProfit > 0 ? ratio(netCost, monthlyProfit) : null
      };
    }
  };

  // Rules between fields: the field a message belongs beside, and the message, or nothing.
  var RULES = {
    "automation-payback": function (v) {
      if (v.minutes_after >= v.minutes_before) {
        return { minutes_after: "Must be less than the minutes by hand, or the automation saves nothing and never pays back." };
      }
      return {};
    },
    "valuation": function (v) {
      if (v.multiple_low > v.multiple_high) {
        return { multiple_high: "Must be at least the low end of the band." };
      }
      return {};
    }
  };

  // The number a reader typed, or a message saying why it is not one. Accepts 60000, 60,000,
  // 60 000 and 0.5; refuses currency signs, words, Infinity and a decimal comma (ambiguous).
  function parseNumber(text) {
    var s = String(text).replace(/[\s\u00a0\u202f_]/g, "");
    if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, "");
    if (s === "") return { error: "Enter a number." };
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) {
      return { error: "Enter a number, such as 1500 or 0.5, with a point for decimals and no currency sign." };
    }
    var value = Number(s);
    if (!isFinite(value)) return { error: "That number is too large." };
    return { value: value };
  }

  // Why `value` is refused for a field with these bounds, or "" when it is accepted.
  function boundsProblem(value, bounds) {
    var unit = bounds.unit === "%" ? " %" : "";
    if (value < bounds.min || (bounds.minExclusive && value === bounds.min)) {
      if (bounds.min === 0 && value < 0) return "Cannot be negative.";
      if (bounds.min === 0) return "Must be more than 0: with zero there is nothing to divide by.";
      return "Must be at least " + bounds.min + unit + ".";
    }
    if (value > bounds.max || (bounds.maxExclusive && value === bounds.max)) {
      if (bounds.maxExclusive && unit) {
        return "Must be less than " + bounds.max + " %: at " + bounds.max + " % or more no price gives that margin.";
      }
      if (bounds.maxExclusive) return "Must be less than " + bounds.max + ".";
      return "Must be at most " + bounds.max + unit + ".";
    }
    return "";
  }

  // How many decimals each result format shows (the same as DECIMALS in macros/calculators.py).
  var DECIMALS = { money: 2, percent: 1, hours: 2, months: 2, people: 2, number: 2 };

  function plain(value, format) {
    return value === null || !isFinite(value) ? "—" : value.toFixed(DECIMALS[format]);
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { FORMULAS: FORMULAS, RULES: RULES, parseNumber: parseNumber,
      boundsProblem: boundsProblem, plain: plain, PAID_HOURS_PER_YEAR: PAID_HOURS_PER_YEAR };
    return;
  }

  // --- The forms on the page -----------------------------------------------------------------

  function fields(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name]"));
  }

  function bounds(input) {
    return {
      min: Number(input.getAttribute("data-min")),
      max: Number(input.getAttribute("data-max")),
      minExclusive: input.hasAttribute("data-min-exclusive"),
      maxExclusive: input.hasAttribute("data-max-exclusive"),
      unit: input.getAttribute("data-unit") || ""
    };
  }

  function message(form, input, text) {
    var box = document.getElementById(input.getAttribute("aria-describedby"));
    if (box && box.textContent !== text) box.textContent = text;
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function setStatus(form, text) {
    var status = form.querySelector("[data-role=status]");
    if (status && status.textContent !== text) status.textContent = text;
  }

  function compute(form) {
    var id = form.getAttribute("data-calculator");
    var formula = FORMULAS[id];
    if (!formula) return;
    var values = {};
    var problems = 0;
    fields(form).forEach(function (input) {
      var parsed = parseNumber(input.value);
      var text = parsed.error || boundsProblem(parsed.value, bounds(input));
      message(form, input, text);
      if (text) problems++;
      else values[input.name] = parsed.value;
    });
    if (!problems && RULES[id]) {
      var ruled = RULES[id](values);
      Object.keys(ruled).forEach(function (name) {
        var input = form.querySelector("input[name='" + name + "']");
        if (input) { message(form, input, ruled[name]); problems++; }
      });
    }
    var results = problems ? {} : formula(values);
    var missing = 0;
    Array.prototype.forEach.call(form.querySelectorAll("[data-result]"), function (output) {
      var value = results[output.getAttribute("data-result")];
      var usable = typeof value === "number" && isFinite(value);
      if (!usable) missing++;
      output.textContent = usable ? plain(value, output.getAttribute("data-format")) : "—";
      output.setAttribute("data-value", usable ? String(value) : "");
    });
    if (problems) {
      setStatus(form, problems === 1 ? "One number needs changing; see the message beside it."
        : problems + " numbers need changing; see the messages beside them.");
    } else if (missing) {
      setStatus(form, "Results shown as — cannot be worked out from these numbers (nothing to divide by).");
    } else {
      setStatus(form, isDefault(form) ? "Worked out for the chapter's example. Change any number to use your own."
        : "Worked out for your numbers.");
    }
  }

  function isDefault(form) {
    return fields(form).every(function (input) {
      return input.value === input.getAttribute("data-default");
    });
  }

  // The address: each input as "<calculator>.<name>=<value>"; other parameters are kept.
  function saveToAddress(form) {
    var id = form.getAttribute("data-calculator");
    var params = new URLSearchParams(window.location.search);
    fields(form).forEach(function (input) {
      params.delete(input.name);
      if (isDefault(form)) params.delete(id + "." + input.name);
      else params.set(id + "." + input.name, input.value);
    });
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try {
      window.history.replaceState(window.history.state, "", address);
    } catch (error) {
      // Some browsers refuse to change the address of a page read from disk: the numbers still work.
    }
    showAddress(form);
  }

  // On paper, the address that opens the calculator with these numbers.
  function showAddress(form) {
    var line = form.querySelector("[data-role=address]");
    if (line) line.textContent = isDefault(form) ? "" : "These numbers online: " + window.location.href;
  }

  // A value from the address: "<calculator>.<name>", or a bare "<name>" as a shorthand.
  function restoreFromAddress(form) {
    var id = form.getAttribute("data-calculator");
    var params = new URLSearchParams(window.location.search);
    var restored = false;
    fields(form).forEach(function (input) {
      var value = params.get(id + "." + input.name);
      if (value === null) value = params.get(input.name);
      if (value !== null) {
        input.value = value.slice(0, 40);
        restored = true;
      }
    });
    return restored;
  }

  function copyLink(form) {
    var done = function () { setStatus(form, "Link copied: it opens this calculator with these numbers."); };
    var failed = function () { setStatus(form, "Copy the address from the address bar: it holds these numbers."); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(window.location.href).then(done, failed);
    } else {
      failed();
    }
  }

  function wire(form) {
    if (form.hasAttribute("data-wired")) return;
    form.setAttribute("data-wired", "");
    var restored = restoreFromAddress(form);
    compute(form);
    showAddress(form);
    if (restored) form.setAttribute("data-restored", "");
    form.addEventListener("input", function () {
      compute(form);
      saveToAddress(form);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button) return;
      var action = button.getAttribute("data-action");
      if (action === "reset") {
        fields(form).forEach(function (input) { input.value = input.getAttribute("data-default"); });
        compute(form);
        saveToAddress(form);
      } else if (action === "copy-link") {
        copyLink(form);
      } else if (action === "print") {
        window.print();
      }
    });
    form.setAttribute("data-ready", "");
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-calculator]"), wire);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
