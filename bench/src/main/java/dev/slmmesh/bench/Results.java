package dev.slmmesh.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every figure of a benchmark run: one value per run, reported as the median of the runs, with its
 * target (if the issue sets one) and whether the median meets it.
 */
final class Results {

  /** How a figure is judged against its target. */
  enum Goal {
    AT_MOST("<="),
    AT_LEAST(">="),
    NONE("");

    final String symbol;

    Goal(String symbol) {
      this.symbol = symbol;
    }
  }

  /** One figure and its values, one per run. */
  static final class Figure {
    final String key;
    final String label;
    final String unit;
    final Goal goal;
    final double target;
    final List<Double> runs = new ArrayList<>();

    Figure(String key, String label, String unit, Goal goal, double target) {
      this.key = key;
      this.label = label;
      this.unit = unit;
      this.goal = goal;
      this.target = target;
    }

    double median() {
      return Percentiles.median(runs);
    }

    /** Null when the figure has no target or no value. */
    Boolean met() {
      if (goal == Goal.NONE || runs.isEmpty()) {
        return null;
      }
      double m = median();
      return goal == Goal.AT_MOST ? m <= target : m >= target;
    }
  }

  private final Map<String, Figure> figures = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  /** Declares a figure (idempotent) so that the table lists figures in a fixed order. */
  Results define(String key, String label, String unit, Goal goal, double target) {
    figures.putIfAbsent(key, new Figure(key, label, unit, goal, target));
    return this;
  }

  Results define(String key, String label, String unit) {
    return define(key, label, unit, Goal.NONE, 0);
  }

  void add(String key, double value) {
    Figure f = figures.get(key);
    if (f == null) {
      throw new IllegalArgumentException("undeclared figure " + key);
    }
    f.runs.add(value);
  }

  void note(String text) {
    notes.add(text);
    System.out.println("  note: " + text);
  }

  List<String> notes() {
    return notes;
  }

  Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Figure f : figures.values()) {
      if (f.runs.isEmpty()) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", f.label);
      m.put("unit", f.unit);
      m.put("median", f.median());
      m.put("runs", f.runs);
      if (f.goal != Goal.NONE) {
        m.put("target", f.goal.symbol + " " + format(f.target));
        m.put("met", f.met());
      }
      out.put(f.key, m);
    }
    return out;
  }

  String table() {
    StringBuilder b = new StringBuilder();
    String row = "%-52s %12s %-6s %-12s %-6s %s%n";
    b.append(String.format(Locale.ROOT, row, "figure", "median", "unit", "target", "met", "runs"));
    for (Figure f : figures.values()) {
      if (f.runs.isEmpty()) {
        continue;
      }
      Boolean met = f.met();
      String target = f.goal == Goal.NONE ? "" : f.goal.symbol + " " + format(f.target);
      StringBuilder runs = new StringBuilder();
      for (double v : f.runs) {
        runs.append(runs.length() == 0 ? "" : " ").append(format(v));
      }
      b.append(
          String.format(
              Locale.ROOT,
              row,
              f.label,
              format(f.median()),
              f.unit,
              target,
              met == null ? "" : met ? "yes" : "NO",
              runs));
    }
    return b.toString();
  }

  static String format(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (Math.abs(v) >= 1000 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
  }
}
