"""Bad input made on the fly from the samples: no committed binaries where a script can make them."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "dp3akb-serang-2022-tw3.pdf"


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def html_named_pdf(path: Path) -> Path:
    path.write_text("<!doctype html><html><body><h1>404 Not Found</h1></body></html>", encoding="utf-8")
    return path


def truncated(path: Path, share: float) -> Path:
    data = SAMPLE.read_bytes()
    path.write_bytes(data[: int(len(data) * share)])
    return path


def byte_flips(path: Path, seed: int, flips: int = 40) -> Path:
    data = bytearray(SAMPLE.read_bytes())
    rng = random.Random(seed)
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    path.write_bytes(bytes(data))
    return path


def damaged_page(path: Path, seed: int, flips: int = 20) -> tuple[Path, int]:
    """The sample with bytes flipped inside one page's (compressed) content stream: the other pages
    stay whole. Returns the file and the damaged page's number."""
    rng = random.Random(seed)
    with pikepdf.open(SAMPLE) as pdf:
        index = rng.randrange(len(pdf.pages))
        contents = pdf.pages[index].obj.Contents
        stream = rng.choice(list(contents)) if isinstance(contents, pikepdf.Array) else contents
        data = bytearray(stream.read_raw_bytes())
        for _ in range(flips):
            data[rng.randrange(len(data))] = rng.randrange(256)
        stream.write(bytes(data), filter=stream.get("/Filter"), decode_parms=stream.get("/DecodeParms"))
        pdf.save(path)
    return path, index + 1


def encrypted(path: Path) -> Path:
    with pikepdf.open(SAMPLE) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="rahasia", owner="rahasia", R=6))
    return path


def image_only(path: Path, pages: int = 2) -> Path:
    """The sample rasterised: what a scanner gives, with no text layer."""
    document = pdfium.PdfDocument(str(SAMPLE))
    images = [document[i].render(scale=1).to_pil().convert("RGB") for i in range(pages)]
    document.close()
    images[0].save(path, save_all=True, append_images=images[1:])
    return path


def unrelated_table(path: Path, headers=("Nama", "Alamat", "Telepon")) -> Path:
    """A ruled table of something else entirely, drawn with matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(8, 3))
    axes.axis("off")
    rows = [["Budi", "Jl. Merdeka 1", "0812"], ["Sari", "Jl. Sudirman 2", "0813"]]
    axes.table(cellText=rows, colLabels=list(headers), loc="center")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="pdf")
    plt.close(figure)
    path.write_bytes(buffer.getvalue())
    return path


def many_pages(path: Path, copies: int) -> Path:
    """The sample's pages repeated: a long report."""
    with pikepdf.open(SAMPLE) as source, pikepdf.new() as pdf:
        for _ in range(copies):
            pdf.pages.extend(source.pages)
        pdf.save(path)
    return path


def content_bomb(path: Path, megabytes: int = 400) -> Path:
    """A page whose content stream inflates to hundreds of MB from a small file (a decompression bomb)."""
    import zlib

    chunk = b"0 0 m 1 1 l S\n" * 75_000  # about 1 MB of drawing operators
    compressor = zlib.compressobj(9)
    compressed = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(595, 842))
        stream = pikepdf.Stream(pdf, compressed)
        stream.Filter = pikepdf.Name.FlateDecode
        pdf.pages[0].Contents = stream
        pdf.save(path)
    return path
