comeback-case = ⚠️ sama dengan konten { $tag } (diturunkan { $date }){ $distance }
comeback-list = ⚠️ cocok dengan daftar { $source } ({ $ref }){ $distance }
comeback-watch = 👁 dicatat: cocok dengan daftar pantauan { $source } ({ $ref }){ $distance }
comeback-distance = , jarak { $distance }
report-known = ↳ sudah dilaporkan sebagai { $tag } pada { $date }; status: { $status }
replacement-name = 🔁 kemungkinan pengganti { $tag } (nama mirip @{ $channel })
replacement-content = 🔁 kemungkinan pengganti { $tag } (kontennya sama dengan @{ $channel })
