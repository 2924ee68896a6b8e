"""Printed reports: the scaffolding plan as a PDF, from templates in `report_templates/`.

Importing this package is cheap: WeasyPrint is imported only when a PDF is rendered.
"""
