"""The scaffolding plan inside the app: the PDF preview, saving it and printing it."""
