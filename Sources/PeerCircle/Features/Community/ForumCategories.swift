import FluentKit
import Foundation

/// Administrators add, rename and remove forum categories. A category members have posted in is
/// never removed (their words would go with it); the starter welcome in it goes along.
struct ForumCategories: Sendable {
    let deps: AppDependencies

    static func validate(name: String, description: String) throws(AppError) -> (String, String) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        var check = Validation()
        check.check((2...60).contains(name.count), "name", "Give the category a name of 2 to 60 characters.")
        check.check(description.count <= 200, "description", "Keep the description under 200 characters.")
        try check.finish()
        return (name, description)
    }

    func add(name: String, description: String) async throws {
        let (name, description) = try Self.validate(name: name, description: description)
        let existing = try await ForumCategory.query(on: deps.db).all()
        var slug = String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }).split(separator: "-").joined(separator: "-")
        if slug.isEmpty { slug = "category" }
        let taken = Set(existing.map(\.slug))
        var candidate = slug, n = 2
        while taken.contains(candidate) { candidate = "\(slug)-\(n)"; n += 1 }
        guard !existing.contains(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw AppError.invalid([FieldError(field: "name", message: "There is already a category with that name.")])
        }
        try await ForumCategory(slug: candidate, name: name, description: description,
                                position: (existing.map(\.position).max() ?? -1) + 1).create(on: deps.db)
    }

    func edit(_ id: UUID, name: String, description: String) async throws {
        guard let category = try await ForumCategory.find(id, on: deps.db) else { throw AppError.notFound }
        let (name, description) = try Self.validate(name: name, description: description)
        category.name = name
        category.categoryDescription = description
        try await category.save(on: deps.db)
    }

    func remove(_ id: UUID, team: UUID?) async throws {
        guard let category = try await ForumCategory.find(id, on: deps.db) else { throw AppError.notFound }
        let threads = try await ForumThread.query(on: deps.db).filter(\.$category.$id == id).all()
        let posts = try await threads.isEmpty ? [] : Post.query(on: deps.db).filter(\.$thread.$id ~~ threads.compactMap(\.id)).all()
        guard posts.allSatisfy({ $0.$author.id == team }) else {
            throw AppError.conflict(code: "category_in_use", field: "name",
                                    message: "Members have posted in “\(category.name)”, so it stays. Rename it instead.")
        }
        try await deps.transaction { db in
            for post in posts { try await SearchIndex.remove(try post.requireID(), on: try db.sql) }
            try await Post.query(on: db).filter(\.$id ~~ posts.compactMap(\.id)).delete()
            try await ForumThread.query(on: db).filter(\.$category.$id == id).delete()
            try await category.delete(on: db)
        }
    }
}
