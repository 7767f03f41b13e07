//! Document access on top of lopdf.
//!
//! Owns loading (with lopdf's decompression limit switched on and empty-password
//! decryption), the page list, attributes inherited through the page tree
//! (`/Resources`, `/MediaBox`, `/CropBox`, `/Rotate`), and small typed getters that
//! dereference objects without ever panicking.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::pdf::content::Matrix;
use crate::pdf::{Limits, TextError};

/// Loads a document, bounding every stream lopdf decodes while loading (object and
/// cross-reference streams) to `limits.max_decompressed_bytes`.
pub fn load(bytes: &[u8], limits: &Limits) -> Result<Document, TextError> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(limits.max_decompressed_bytes),
        ..lopdf::LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(e) => return Err(map_lopdf_error(&e)),
    };
    // lopdf tries the empty user password on its own while loading; when that fails
    // it keeps the objects undecrypted and leaves `encryption_state` empty.
    if doc.trailer.get(b"Encrypt").is_ok() && doc.encryption_state.is_none() {
        return Err(TextError::Encrypted);
    }
    Ok(doc)
}

pub fn map_lopdf_error(e: &lopdf::Error) -> TextError {
    match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            TextError::LimitExceeded(format!("stream decompresses beyond {limit} bytes"))
        }
        lopdf::Error::InvalidPassword => TextError::Encrypted,
        other => TextError::Malformed(other.to_string()),
    }
}

/// Follows references (bounded) to the underlying object.
pub fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    let mut cur = obj;
    for _ in 0..32 {
        match cur {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(next) => cur = next,
                Err(_) => return &Object::Null,
            },
            _ => return cur,
        }
    }
    &Object::Null
}

pub fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let o = resolve(doc, dict.get(key).ok()?);
    if matches!(o, Object::Null) { None } else { Some(o) }
}

pub fn as_f64(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)).filter(|v| v.is_finite()),
        _ => None,
    }
}

pub fn get_f64(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    get(doc, dict, key).and_then(as_f64)
}

pub fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n.as_slice()),
        _ => None,
    }
}

pub fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match get(doc, dict, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub fn get_array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a.as_slice()),
        _ => None,
    }
}

/// Numbers of an array (references resolved); non-numbers are skipped.
pub fn numbers(doc: &Document, arr: &[Object]) -> Vec<f64> {
    arr.iter().filter_map(|o| as_f64(resolve(doc, o))).collect()
}

fn holds_reference(o: Option<&Object>) -> bool {
    match o {
        Some(Object::Reference(_)) => true,
        Some(Object::Array(a)) => a.iter().any(|x| matches!(x, Object::Reference(_))),
        _ => false,
    }
}

fn resolve_deep(doc: &Document, o: &Object) -> Object {
    match resolve(doc, o) {
        Object::Array(a) => Object::Array(a.iter().map(|x| resolve(doc, x).clone()).collect()),
        other => other.clone(),
    }
}

/// Decoded bytes of a stream object, bounded by the per-stream limit.
pub fn stream_bytes(doc: &Document, obj: &Object, limit: usize) -> Result<Option<Vec<u8>>, TextError> {
    let Object::Stream(s) = obj else {
        return Ok(None);
    };
    // lopdf reads /Filter and /DecodeParms only as direct objects; some producers
    // write them as references, so resolve those on a copy of the stream.
    let fixed;
    let s = if holds_reference(s.dict.get(b"Filter").ok()) || holds_reference(s.dict.get(b"DecodeParms").ok()) {
        let mut copy = s.clone();
        for key in [b"Filter".as_slice(), b"DecodeParms".as_slice()] {
            if let Ok(v) = s.dict.get(key) {
                copy.dict.set(key, resolve_deep(doc, v));
            }
        }
        fixed = copy;
        &fixed
    } else {
        s
    };
    match s.get_plain_content_with_limit(limit) {
        Ok(b) => Ok(Some(b)),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit })) => Err(
            TextError::LimitExceeded(format!("stream decompresses beyond {limit} bytes")),
        ),
        // A stream whose filter fails (corrupt data, unsupported filter) carries no
        // usable text; treat it as empty rather than failing the page.
        Err(_) => Ok(None),
    }
}

/// Attributes of one page after inheritance through the page tree.
pub struct PageInfo<'a> {
    pub dict: &'a Dictionary,
    pub resources: Option<&'a Dictionary>,
    /// Visible area in default user space: x0, y0, x1, y1 with x0 < x1, y0 < y1.
    pub crop: [f64; 4],
    /// Media box in default user space (the crop box is clipped to it).
    pub media: [f64; 4],
    /// Clockwise rotation in degrees: 0, 90, 180 or 270.
    pub rotate: i64,
}

fn rect(doc: &Document, o: Option<&Object>) -> Option<[f64; 4]> {
    let Object::Array(a) = o? else { return None };
    let n = numbers(doc, a);
    if n.len() != 4 {
        return None;
    }
    let r = [n[0].min(n[2]), n[1].min(n[3]), n[0].max(n[2]), n[1].max(n[3])];
    if r[2] - r[0] < 1e-3 || r[3] - r[1] < 1e-3 {
        None
    } else {
        Some(r)
    }
}

pub fn page_info<'a>(doc: &'a Document, page_id: ObjectId) -> Option<PageInfo<'a>> {
    let dict = doc.get_dictionary(page_id).ok()?;
    let mut resources = None;
    let mut media = None;
    let mut crop = None;
    let mut rotate = None;
    let mut cur = Some(dict);
    let mut seen = HashSet::new();
    seen.insert(page_id);
    // Walk up the /Parent chain; the nearest definition of each attribute wins.
    for _ in 0..64 {
        let Some(d) = cur else { break };
        if resources.is_none() {
            resources = get_dict(doc, d, b"Resources");
        }
        if media.is_none() {
            media = rect(doc, get(doc, d, b"MediaBox"));
        }
        if crop.is_none() {
            crop = rect(doc, get(doc, d, b"CropBox"));
        }
        if rotate.is_none() {
            rotate = get_f64(doc, d, b"Rotate");
        }
        cur = match d.get(b"Parent") {
            Ok(Object::Reference(id)) if seen.insert(*id) => doc.get_dictionary(*id).ok(),
            _ => None,
        };
    }
    let media = media.unwrap_or([0.0, 0.0, 612.0, 792.0]);
    // The visible area is the crop box clipped to the media box.
    let crop = match crop {
        Some(c) => {
            let r = [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ];
            if r[2] - r[0] > 1e-3 && r[3] - r[1] > 1e-3 {
                r
            } else {
                media
            }
        }
        None => media,
    };
    let rot = rotate.unwrap_or(0.0);
    let rot = if rot.is_finite() {
        ((rot / 90.0).round() as i64).rem_euclid(4) * 90
    } else {
        0
    };
    Some(PageInfo {
        dict,
        resources,
        crop,
        media,
        rotate: rot,
    })
}

/// Concatenated, decoded content streams of a page.
pub fn page_content(doc: &Document, page: &Dictionary, limit: usize) -> Result<Vec<u8>, TextError> {
    let mut out = Vec::new();
    let Ok(contents) = page.get(b"Contents") else {
        return Ok(out);
    };
    let items: Vec<&Object> = match resolve(doc, contents) {
        Object::Array(a) => a.iter().take(10_000).map(|o| resolve(doc, o)).collect(),
        other => vec![other],
    };
    for item in items {
        if let Some(bytes) = stream_bytes(doc, item, limit)? {
            if out.len().saturating_add(bytes.len()) > limit.saturating_mul(4) {
                return Err(TextError::LimitExceeded("page content too large".into()));
            }
            out.extend_from_slice(&bytes);
            // Streams may be split between any two tokens, so a separator is safe
            // and keeps the last token of one stream from gluing onto the next.
            out.push(b'\n');
        }
    }
    Ok(out)
}

/// Appearance streams of the page's visible annotations (filled-in form fields,
/// free-text notes, stamps), each with the matrix that places its form on the page:
/// the form's bounding box (after its own `/Matrix`) is fitted to the annotation's
/// `/Rect`, as viewers do. The form's `/Matrix` itself is applied when it is run.
pub fn annotation_appearances(doc: &Document, page: &Dictionary) -> Vec<(ObjectId, Matrix)> {
    let mut out = Vec::new();
    let Some(annots) = get_array(doc, page, b"Annots") else {
        return out;
    };
    for a in annots.iter().take(10_000) {
        let Object::Dictionary(annot) = resolve(doc, a) else {
            continue;
        };
        let flags = get_f64(doc, annot, b"F").unwrap_or(0.0) as i64;
        // Hidden (2) and NoView (32) annotations are not shown.
        if flags & (2 | 32) != 0 {
            continue;
        }
        if matches!(get_name(doc, annot, b"Subtype"), Some(b"Popup" | b"Link")) {
            continue;
        }
        let Some(ap) = get_dict(doc, annot, b"AP") else {
            continue;
        };
        let Ok(normal) = ap.get(b"N") else { continue };
        // /N is a stream, or a dictionary of states picked by /AS (checkboxes).
        let id = match normal {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(Object::Stream(_)) => Some(*id),
                Ok(Object::Dictionary(states)) => get_name(doc, annot, b"AS")
                    .and_then(|s| states.get(s).ok())
                    .and_then(|o| o.as_reference().ok()),
                _ => None,
            },
            Object::Dictionary(states) => get_name(doc, annot, b"AS")
                .and_then(|s| states.get(s).ok())
                .and_then(|o| o.as_reference().ok()),
            _ => None,
        };
        let Some(id) = id else { continue };
        let Ok(Object::Stream(form)) = doc.get_object(id) else {
            continue;
        };
        let Some(r) = rect(doc, get(doc, annot, b"Rect")) else {
            continue;
        };
        let bbox = rect(doc, get(doc, &form.dict, b"BBox")).unwrap_or([0.0, 0.0, 1.0, 1.0]);
        let fm = get_array(doc, &form.dict, b"Matrix")
            .map(|a| numbers(doc, a))
            .and_then(|n| <[f64; 6]>::try_from(n.as_slice()).ok())
            .map(Matrix)
            .unwrap_or(Matrix::IDENTITY);
        let corners = [
            fm.apply(bbox[0], bbox[1]),
            fm.apply(bbox[2], bbox[1]),
            fm.apply(bbox[0], bbox[3]),
            fm.apply(bbox[2], bbox[3]),
        ];
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for [x, y] in corners {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let (w, h) = (x1 - x0, y1 - y0);
        if w.abs() < 1e-6 || h.abs() < 1e-6 || !w.is_finite() || !h.is_finite() {
            continue;
        }
        let sx = (r[2] - r[0]) / w;
        let sy = (r[3] - r[1]) / h;
        out.push((id, Matrix([sx, 0.0, 0.0, sy, r[0] - x0 * sx, r[1] - y0 * sy])));
    }
    out
}
