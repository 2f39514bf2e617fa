import typer
app = typer.Typer(help="rekon")
@app.command()
def version():
    print("0.1.0")
