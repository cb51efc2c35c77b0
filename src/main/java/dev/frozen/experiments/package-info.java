/**
 * Experiments over cached features, in four rooms by job: {@code fit} (fitting a head on an entry, evaluation,
 * prediction with a recorded run), {@code runs} (run records, their store and housekeeping), {@code report}
 * (compare tables, statistics and charts) and {@code pipeline} (YAML experiments that extract, fit and report).
 *
 * <p>The rooms may import every package but {@code cli} and {@code spark}. Between them the imports run one way:
 * {@code runs} imports none of the others, {@code fit} imports {@code runs}, {@code report} imports {@code runs}
 * (and fit's value types), {@code pipeline} imports all three; {@code PackageRulesTest} checks this and that no
 * cycle forms. Computation (evaluation, statistics) stays apart from rendering (tables, Markdown, CSV, JSON, PNG).
 */
package dev.frozen.experiments;
