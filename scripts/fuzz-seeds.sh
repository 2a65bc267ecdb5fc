#!/usr/bin/env bash
# Makes the small seed corpora of the MediaClean fuzz targets (Fuzz/corpus/NAME):
# tiny synthetic files (8x8 test pictures, 50 ms tones, two-paragraph documents)
# carrying the metadata the cleaners remove, planted fake values only (no secrets,
# nothing from a real person). The committed seeds were made by this script;
# fuzz.sh calls it for a target whose folder is missing.
# Usage: scripts/fuzz-seeds.sh [OUTDIR]   (default Fuzz/corpus)
# Needs ffmpeg, exiftool, python3 (make deps).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-Fuzz/corpus}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
tag() { exiftool -q -q -overwrite_original -Artist="Test Author" -GPSLatitude=48.8566 -GPSLatitudeRef=N \
  -GPSLongitude=2.3522 -GPSLongitudeRef=E -SerialNumber=SN000TEST -XMP-dc:Creator="Test Author" "$@" 2>/dev/null || true; }
seed() { mkdir -p "$out/$1"; cp "$2" "$out/$1/$3"; }

# Images: 8x8 test pictures, with EXIF, GPS and XMP where the format holds them.
ff -f lavfi -i testsrc=size=8x8 -frames:v 1 "$tmp/a.jpg"; tag "$tmp/a.jpg"
exiftool -q -q -overwrite_original -Comment="test comment" "$tmp/a.jpg" 2>/dev/null || true
seed FuzzJPEG "$tmp/a.jpg" exif.jpg
ff -f lavfi -i testsrc=size=8x8 -frames:v 1 -pix_fmt gray -q:v 30 "$tmp/g.jpg"; seed FuzzJPEG "$tmp/g.jpg" plain.jpg
ff -f lavfi -i testsrc=size=8x8 -frames:v 1 "$tmp/a.png"; tag "$tmp/a.png"
exiftool -q -q -overwrite_original -PNG:Comment="test comment" "$tmp/a.png" 2>/dev/null || true
seed FuzzPNG "$tmp/a.png" exif.png
ff -f lavfi -i testsrc=size=8x8 -frames:v 1 -c:v libwebp -lossless 1 "$tmp/a.webp"; tag "$tmp/a.webp"
seed FuzzRIFF "$tmp/a.webp" exif.webp
ff -f lavfi -i sine=frequency=440:duration=0.01 -ar 8000 -ac 1 -metadata artist="Test Author" "$tmp/a.wav"
seed FuzzRIFF "$tmp/a.wav" list.wav
ff -f lavfi -i testsrc=size=8x8 -frames:v 2 "$tmp/a.gif"
exiftool -q -q -overwrite_original -Comment="test comment" -XMP-dc:Creator="Test Author" "$tmp/a.gif" 2>/dev/null || true
seed FuzzGIF "$tmp/a.gif" comment.gif
ff -f lavfi -i testsrc=size=8x8 -frames:v 1 "$tmp/a.tif"; tag "$tmp/a.tif"
seed FuzzTIFF "$tmp/a.tif" exif.tif

# Video and audio: a few frames or 50 ms, with tags and a location.
meta=(-metadata artist="Test Author" -metadata comment="test comment" -metadata location="+48.8566+002.3522/")
ff -f lavfi -i testsrc=size=16x16:rate=5 -t 0.4 -c:v libx264 -preset ultrafast "${meta[@]}" -movflags use_metadata_tags "$tmp/a.mp4"
seed FuzzMP4 "$tmp/a.mp4" tagged.mp4
ff -f lavfi -i sine=duration=0.05 -c:a aac -b:a 16k "${meta[@]}" "$tmp/a.m4a"; seed FuzzMP4 "$tmp/a.m4a" audio.m4a
ff -f lavfi -i sine=duration=0.05 -ar 8000 -c:a libmp3lame -b:a 8k "${meta[@]}" "$tmp/a.mp3"; seed FuzzMP3 "$tmp/a.mp3" id3.mp3
ff -f lavfi -i sine=duration=0.05 -ar 8000 "${meta[@]}" "$tmp/a.flac"; seed FuzzFLAC "$tmp/a.flac" tagged.flac
ff -f lavfi -i sine=duration=0.05 -ar 8000 -c:a libvorbis "${meta[@]}" "$tmp/a.ogg"; seed FuzzOgg "$tmp/a.ogg" vorbis.ogg
ff -f lavfi -i sine=duration=0.05 -ar 48000 -c:a libopus -b:a 6k "${meta[@]}" "$tmp/b.ogg"; seed FuzzOgg "$tmp/b.ogg" opus.ogg

# Documents: minimal OOXML and ODF packages, and a PDF with an info dictionary,
# XMP, an annotation and an embedded file.
python3 - "$out" <<'PY'
import os, sys, zipfile
out = sys.argv[1]
def z(path, members):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as f:
        for name, text in members:
            f.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), text,
                       zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Test Author</dc:creator></cp:coreProperties>')
z(f"{out}/FuzzOffice/a.docx", [
    ("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    ("docProps/core.xml", core),
    ("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
     '<w:p><w:r><w:t>Met Amira at the river.</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">Am</w:t></w:r>'
     '<w:r><w:t>ira &amp; co</w:t></w:r></w:p></w:body></w:document>'),
    ("word/comments.xml", '<w:comments xmlns:w="x"><w:comment w:author="Test Author"/></w:comments>'),
])
z(f"{out}/FuzzOffice/a.odt", [
    ("mimetype", "application/vnd.oasis.opendocument.text"),
    ("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'),
    ("meta.xml", '<office:document-meta xmlns:office="o" xmlns:meta="m"><office:meta><meta:initial-creator>Test Author'
     '</meta:initial-creator></office:meta></office:document-meta>'),
    ("content.xml", '<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>'
     '<text:p>Met Amira <text:span>at</text:span> the river.</text:p></office:text></office:body></office:document-content>'),
])
objs = [
    b"<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R /Names << /EmbeddedFiles << /Names [(a.txt) 7 0 R] >> >> /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] /Contents 4 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Annots [6 0 R] >>",
    None,  # content stream
    None,  # XMP stream
    b"<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /T (Test Author) /Contents (a note) >>",
    b"<< /Type /Filespec /F (a.txt) /EF << /F 8 0 R >> >>",
    None,  # embedded file
    b"<< /Author (Test Author) /Producer (seed) >>",
]
streams = {4: b"BT /F1 12 Tf 5 30 Td (Met Amira) Tj ET", 5: b"<x:xmpmeta><dc:creator>Test Author</dc:creator></x:xmpmeta>",
           8: b"hello"}
pdf = bytearray(b"%PDF-1.4\n")
offsets = []
for i, body in enumerate(objs, 1):
    offsets.append(len(pdf))
    if body is None:
        s = streams[i]
        extra = b" /Type /Metadata /Subtype /XML" if i == 5 else (b" /Type /EmbeddedFile" if i == 8 else b"")
        body = b"<< /Length %d%s >>\nstream\n" % (len(s), extra) + s + b"\nendstream"
    pdf += b"%d 0 obj\n" % i + body + b"\nendobj\n"
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offsets:
    pdf += b"%010d 00000 n \n" % o
pdf += b"trailer\n<< /Size %d /Root 1 0 R /Info 9 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
os.makedirs(f"{out}/FuzzPDF", exist_ok=True)
open(f"{out}/FuzzPDF/a.pdf", "wb").write(pdf)
PY
du -sh "$out"/Fuzz{JPEG,PNG,RIFF,GIF,TIFF,MP4,MP3,FLAC,Ogg,Office,PDF} 2>/dev/null | sed 's/^/seeds: /'
