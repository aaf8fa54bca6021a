comeback-case = ⚠️ sama dengan konten { $tag } (diturunkan { $date }){ $distance }
comeback-list = ⚠️ ada di daftar { $source }: kasus { $ref }, { $category } ({ $date }){ $distance }
comeback-watch = 👁 ada di daftar pantauan { $source }: kasus { $ref }, { $category } ({ $date }){ $distance }
comeback-distance = , jarak { $distance }
report-known = ↳ sudah dilaporkan sebagai { $tag } pada { $date }; status: { $status }
