"""Building the bundle's files from the timeline: CSVs, manifest, sums and the HTML summary."""
