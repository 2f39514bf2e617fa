from rekon.cli import app
app()
