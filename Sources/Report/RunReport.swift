/// The self-contained HTML report of a warehouse (placeholder until the report lands).
public enum RunReport {}
