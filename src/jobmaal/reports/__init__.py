"""Reports: the results report ("resultatrevision") and the employment plan, as HTML, PDF and XLSX."""
